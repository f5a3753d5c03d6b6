"""Home, sign-up, account overview and profile. Sign-in and passwords use Django's views."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import signup as signups
from . import throttle
from .deletion import delete_account as delete_everything
from .forms import DeleteAccountForm, EmailAuthenticationForm, ProfileForm, SignupForm
from .lockout import client_address
from .middleware import SignedInRequest
from .sessions import end_sessions

# Signing out tells the browser to drop what this site kept on the device: the offline copy
# of Today, the shell, unsent taps and the service worker (the page clears them itself too,
# static/js/offline.js, for browsers that ignore the header). A shared phone keeps nothing.
FORGET_THIS_DEVICE = '"cache", "storage"'
# Signing in drops the cached pages (the kept Today of whoever used this browser before),
# but not the storage: unsent taps wait there, each marked with its owner.
FORGET_CACHED_PAGES = '"cache"'

WELCOME = "Welcome to Cramp Journal. A few facts about you let us show sensible targets."


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the product does, for visitors; signed-in people go to Today."""
    if request.user.is_authenticated:
        return redirect("journal:today")
    return render(request, "home.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer for every valid sign-up, whether or not the address has an account:
    the mail says which (accounts/signup.py)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signups.sign_up(
            form.cleaned_data["email"],
            form.cleaned_data["password1"],
            form.cleaned_data["time_zone"],
            absolute=request.build_absolute_uri,
        )
        return redirect("signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail. Opening it only shows a button (mail scanners open links);
    pressing it opens the account and signs in."""
    user = signups.account_to_confirm(token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        signups.confirm(user)
        login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(request, WELCOME)
        response = redirect("profile")
        response["Clear-Site-Data"] = FORGET_CACHED_PAGES
        return response
    return render(request, "accounts/signup_confirm.html", {"valid": True, "email": user.email})


class LoginView(auth_views.LoginView):
    """Django's login, refusing at once (429) an address with too many failed logins, and
    dropping whatever pages the browser kept for whoever used it before."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.is_throttled(client_address(request)):
            minutes = round(settings.LOGIN_ADDRESS_WINDOW.total_seconds() / 60)
            response = render(
                request, "registration/throttled.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(int(settings.LOGIN_ADDRESS_WINDOW.total_seconds()))
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            response["Clear-Site-Data"] = FORGET_CACHED_PAGES
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = FORGET_THIS_DEVICE
        return response


@require_POST
def sign_out_everywhere(request: SignedInRequest) -> HttpResponse:
    """Ends every session of the account, this one included (a lost phone, a shared laptop)."""
    ended = end_sessions(request.user)
    logout(request)
    messages.success(
        request,
        f"Signed out on every device ({ended} session{'s' if ended != 1 else ''}). "
        "Log in again on the devices you use.",
    )
    response = redirect("login")
    response["Clear-Site-Data"] = FORGET_THIS_DEVICE
    return response


def account(request: SignedInRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"profile": request.user.profile})


@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    """Edit one's own profile; with htmx, only the form is swapped and the page stays put."""
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        if not request.htmx:
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
        saved = True
        form = ProfileForm(instance=profile)
    template = "accounts/profile.html"
    if request.htmx:
        template += "#profile-form"
    status = 422 if form.errors and request.htmx else 200
    return render(request, template, {"form": form, "saved": saved}, status=status)


@require_http_methods(["GET", "POST"])
def delete_account(request: SignedInRequest) -> HttpResponse:
    """Deletes the account and everything in it, once the password confirms who asks."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_everything(request.user)
        logout(request)
        messages.success(
            request,
            "Your account and everything in it are deleted. Thank you for trying Cramp Journal.",
        )
        response = redirect("home")
        response["Clear-Site-Data"] = FORGET_THIS_DEVICE
        return response
    status = 422 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
