from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from accounts.forms import SignInForm
from accounts.models import User
from accounts.navigation import nav_items, workspaces_for
from accounts.selectors import signed_in_user
from accounts.services import user_record_sign_in, user_record_sign_in_failure, user_record_sign_out


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        assert isinstance(user, User)  # noqa: S101
        user_record_sign_in(user=user, request=self.request)
        return response

    def form_invalid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        user_record_sign_in_failure(email=str(form.data.get("username", "")), request=self.request)
        return super().form_invalid(form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponseBase:
    if isinstance(request.user, User):
        user_record_sign_out(user=request.user, request=request)
    return auth_views.LogoutView.as_view()(request)


def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/home.html",
        {"workspaces": workspaces_for(user), "nav_items": nav_items(request, active="home"), "page_title": "Home"},
    )
