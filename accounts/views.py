"""Home, sign-up, account overview and profile. Sign-in and passwords use Django's views."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .deletion import delete_account as delete_everything
from .forms import DeleteAccountForm, ProfileForm, SignupForm

# Signing out tells the browser to drop what this site kept on the device: the offline copy
# of Today, the shell, unsent taps and the service worker (the page clears them itself too,
# static/js/offline.js, for browsers that ignore the header). A shared phone keeps nothing.
FORGET_THIS_DEVICE = '"cache", "storage"'


@login_not_required
def home(request):
    """The front door: what the product does, for visitors; signed-in people go to Today."""
    if request.user.is_authenticated:
        return redirect("journal:today")
    return render(request, "home.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(
            request,
            "Welcome to Cramp Journal. A few facts about you let us show sensible targets.",
        )
        return redirect("profile")
    return render(request, "accounts/signup.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = FORGET_THIS_DEVICE
        return response


def account(request):
    return render(request, "accounts/account.html", {"profile": request.user.profile})


@require_http_methods(["GET", "POST"])
def profile(request):
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
def delete_account(request):
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
