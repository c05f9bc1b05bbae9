"""Locust journeys for `make loadtest` (run by bench/loadtest.py, in the separate .venv/loadtest).

Every simulated user signs in with a demo account, then repeats its role's journey: a SENDCo works through the
register (first page, a filter, a pupil's record, sometimes the export), a teacher and a teaching assistant open
"my pupils" and a pupil's record. The whole test stops by itself after LOADTEST_REQUESTS requests or the run time
given on the command line, whichever comes first.
"""

from __future__ import annotations

import os
import random
import re
from typing import Any

from locust import HttpUser, between, events, task  # type: ignore[import-not-found,unused-ignore]

PASSWORD = "opensend-demo"  # noqa: S105 - the published demo password (demo/generator.py)
SCHOOLS = {"oakfield": 148201, "riverside": 148202, "kingsmead": 148203, "willowbank": 148204}
SENDCOS = [
    ("sendco@oakfield.demo", 148201),
    ("sendco@kingsmead.demo", 148203),
    ("sendco.trust@brightwater.demo", 148202),
]
BUDGET = int(os.environ.get("LOADTEST_REQUESTS", "20000"))
PUPIL_LINK = re.compile(r'href="(/pupils/[0-9a-f-]{36}/)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AREAS = ["Communication and interaction", "Cognition and learning", "Social, emotional and mental health"]

_sent = 0
_environment: Any = None


@events.init.add_listener
def _remember(environment: Any, **kwargs: Any) -> None:
    global _environment
    _environment = environment


@events.request.add_listener
def _count(**kwargs: Any) -> None:
    """Stop the whole test when the request budget is spent."""
    global _sent
    _sent += 1
    if _sent == BUDGET and _environment is not None and _environment.runner is not None:
        _environment.runner.quit()


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    email = ""

    def on_start(self) -> None:
        send = self.client.request

        def request(*args: Any, **kwargs: Any) -> Any:
            # OpenSEND's cookies are Secure: in production TLS ends at the proxy; here gunicorn speaks plain HTTP
            # on loopback, so the cookies are sent back as if the connection were TLS.
            for cookie in self.client.cookies:
                cookie.secure = False
            return send(*args, **kwargs)

        self.client.request = request
        page = self.client.get("/sign-in/", name="sign-in page")
        token = TOKEN.search(page.text)
        assert token is not None, "no CSRF token on the sign-in page"  # noqa: S101 - locust reports the failure
        with self.client.post(
            "/sign-in/",
            {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def page(self, url: str, name: str, **params: str) -> str:
        """GET a page; anything but the page itself (an error, a redirect to sign in) counts as a failure."""
        with self.client.get(url, params=params or None, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/sign-in/" in response.url:
                response.failure(f"{name} answered {response.status_code} at {response.url}")
            return str(response.text)

    def record_from(self, html: str) -> None:
        links = PUPIL_LINK.findall(html)
        if links:
            self.page(random.choice(links), "pupil record")  # noqa: S311 - not cryptography


class Sendco(Staff):
    weight = 1

    def on_start(self) -> None:
        self.email, self.urn = random.choice(SENDCOS)  # noqa: S311
        super().on_start()

    @task(4)
    def register(self) -> None:
        self.page("/", "home")
        self.record_from(self.page(f"/schools/{self.urn}/register/", "register"))

    @task(2)
    def filtered_register(self) -> None:
        area = random.choice(AREAS)  # noqa: S311
        self.record_from(self.page(f"/schools/{self.urn}/register/", "register, filtered", area=area, sort="year"))

    @task(1)
    def whole_school(self) -> None:
        self.page(f"/schools/{self.urn}/register/", "register, all pupils p2", status="all", page="2")
        self.page(f"/schools/{self.urn}/overview/", "school overview")

    @task(1)
    def export(self) -> None:
        self.page(f"/schools/{self.urn}/register/export.csv", "register export")


class Teacher(Staff):
    weight = 3

    def on_start(self) -> None:
        self.email = f"teacher@{random.choice(list(SCHOOLS))}.demo"  # noqa: S311
        super().on_start()

    @task
    def my_pupils(self) -> None:
        self.page("/", "home")
        self.record_from(self.page("/my-pupils/", "my pupils"))


class TeachingAssistant(Teacher):
    weight = 2

    def on_start(self) -> None:
        self.email = f"ta@{random.choice(list(SCHOOLS))}.demo"  # noqa: S311
        Staff.on_start(self)
