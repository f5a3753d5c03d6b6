"""The demo account that `make run` creates, so a visitor to a fresh install can look around."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Profile, User

DEMO_EMAIL = "demo@crampjournal.example"
DEMO_PASSWORD = "calf-stretch-at-night"
DEMO_DAYS = 120
DEMO_PROFILE = {
    "display_name": "Demo",
    "sex": Profile.Sex.FEMALE,
    "birth_year": 1968,
    "time_zone": "Europe/London",
    "units": Profile.Units.METRIC,
}


def ensure_demo_user() -> tuple[User, bool]:
    """Create the demo account, or reset its password and profile; returns (user, created)."""
    existing = User.objects.filter(email=DEMO_EMAIL).first()
    created = existing is None
    # Joined when its demo journal starts, so that the account's history reads true.
    joined = timezone.now() - timedelta(days=DEMO_DAYS)
    if existing is None:
        user = User.objects.create_user(
            DEMO_EMAIL, DEMO_PASSWORD, profile=DEMO_PROFILE, date_joined=joined
        )
    else:
        user = existing
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.date_joined = joined
        user.save(update_fields=["password", "is_active", "date_joined"])
        Profile.objects.update_or_create(user=user, defaults=DEMO_PROFILE)
    return user, created
