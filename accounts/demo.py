"""The demo account that `make run` creates, so a visitor to a fresh install can look around."""

from .models import Profile, User

DEMO_EMAIL = "demo@crampjournal.example"
DEMO_PASSWORD = "calf-stretch-at-night"
DEMO_PROFILE = {
    "display_name": "Demo",
    "sex": Profile.Sex.FEMALE,
    "birth_year": 1968,
    "time_zone": "Europe/London",
    "units": Profile.Units.METRIC,
}


def ensure_demo_user() -> tuple[User, bool]:
    """Create the demo account, or reset its password and profile; returns (user, created)."""
    user = User.objects.filter(email=DEMO_EMAIL).first()
    created = user is None
    if created:
        user = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, profile=DEMO_PROFILE)
    else:
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        Profile.objects.update_or_create(user=user, defaults=DEMO_PROFILE)
    return user, created
