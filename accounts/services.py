"""Sign-in events, written to the audit trail (success and failure) with the address they came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.models import AuditAction
from audit.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def user_record_sign_in(*, user: User, request: HttpRequest) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_IN, object_type="account", object_id=user.uid, request=request)


def user_record_sign_in_failure(*, email: str, request: HttpRequest) -> None:
    """The attempted address is not stored (it may be mistyped personal data); the account is, when one matches."""
    from accounts.models import User

    matched = User.objects.filter(email__iexact=email.strip()).first() if email else None
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        object_type="account",
        object_id=matched.uid if matched else "",
        request=request,
        detail={"known_account": matched is not None},
    )


def user_record_sign_out(*, user: User, request: HttpRequest) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_OUT, object_type="account", object_id=user.uid, request=request)
