from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """The model backend, fetching the profile with the user in one query per request.

    Every signed-in request needs the profile (for the time zone), so loading them together
    saves a query on each page.

    The right password of an inactive account (one waiting for its address to be confirmed)
    authenticates, so that the login form can say what to do instead of "do not match"
    (``EmailAuthenticationForm.confirm_login_allowed`` then refuses it); the person is told
    only once they have shown the password. No session ever opens for an inactive account.
    """

    def user_can_authenticate(self, user: object) -> bool:
        return True

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if user.is_active else None
