from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from opensend.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "OPENSEND_DEBUG": "0",
    "OPENSEND_SECRET_KEY": "a-long-random-production-secret-0f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "OPENSEND_ALLOWED_HOSTS": "send.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OPENSEND_")}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "OPENSEND_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "OPENSEND_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_typed_helpers_read_values_and_defaults(monkeypatch):
    monkeypatch.setenv("X_NUM", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_int("X_NUM", 1) == 42
    assert env_int("X_MISSING", 7) == 7
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_NUM", "forty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUM", 1)


def test_every_response_carries_security_headers(client, db):
    response = client.get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookies_are_secure_and_expire_when_idle(settings):
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_error_pages_say_nothing_about_the_request(client, db):
    response = client.get("/pupils/not-a-uuid-but-a-name-Amara/")
    assert response.status_code == 404
    assert "Amara" not in response.content.decode()
    from django.test import Client

    from accounts.models import User

    user = User.objects.create_user("x@example.test", "pw-long-enough-123", full_name="X")
    signed_in = Client()
    signed_in.force_login(user)
    response = signed_in.get("/pupils/not-a-uuid-but-a-name-Amara/")
    assert response.status_code == 404
    assert "Amara" not in response.content.decode()
