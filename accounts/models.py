"""People who keep a journal, and the profile facts that shape their reference intakes."""

import zoneinfo
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from .sessions import SessionStore


def normalize_email_address(email: str) -> str:
    """One spelling per address: people type their email in any case on a phone keyboard."""
    return email.strip().lower()


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zone names people can choose, sorted; cached because the set never changes."""
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            "“%(value)s” is not a known time zone. Pick one from the list, such as Europe/London.",
            params={"value": value},
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        if username is None:  # Django's backends never pass None; the stubs allow it
            raise self.model.DoesNotExist
        return self.get(email=normalize_email_address(username))

    @transaction.atomic
    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        profile_fields = extra_fields.pop("profile", {})
        user = self.model(email=normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.create(user=user, **profile_fields)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is the login; there is no username."""

    email = models.EmailField("email address", unique=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin site (for catalog curators).",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email_address(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password ends every session the account has (this device's view then starts
        # a fresh one: update_session_auth_hash), whichever key signed them and whether or
        # not they are ever used again: the change form, a reset, the admin, a command.
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed:
            from .sessions import end_sessions

            end_sessions(self)

    def get_short_name(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile and profile.display_name) or self.email.split("@")[0]


class Profile(models.Model):
    """What we need to know to show a person sensible targets, in their own time and units."""

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNSPECIFIED = "unspecified", "Prefer not to say"

    class Units(models.TextChoices):
        METRIC = "metric", "Metric (g, ml)"
        US = "us", "US customary (oz, fl oz)"

    class Maternity(models.TextChoices):
        NO = "", "Neither"
        PREGNANT = "pregnant", "Pregnant"
        BREASTFEEDING = "breastfeeding", "Breastfeeding"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=60, blank=True)
    sex = models.CharField(
        "sex for reference intakes",
        max_length=12,
        choices=Sex.choices,
        default=Sex.UNSPECIFIED,
        help_text="Reference intakes differ by sex. With “Prefer not to say” we show the "
        "higher of the two values.",
    )
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Some reference intakes change with age."
    )
    maternity = models.CharField(
        "pregnant or breastfeeding",
        max_length=14,
        choices=Maternity.choices,
        default=Maternity.NO,
        blank=True,
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Your entries are grouped by your local day in this zone.",
    )
    units = models.CharField(max_length=6, choices=Units.choices, default=Units.METRIC)
    has_kidney_disease = models.BooleanField(
        "I have kidney disease",
        default=False,
        help_text="Potassium targets do not apply when the kidneys clear it poorly.",
    )
    takes_diuretic = models.BooleanField(
        "I take a diuretic (water pill)",
        default=False,
        help_text="Some diuretics lower potassium and others raise it.",
    )
    has_heart_failure = models.BooleanField(
        "I have heart failure",
        default=False,
        help_text="People with heart failure are often told to limit fluids, and potassium "
        "can build up.",
    )
    takes_statin = models.BooleanField(
        "I take a statin",
        default=False,
        help_text="Statins can cause muscle aches and cramps.",
    )
    # Medicines that can bring on cramps or raise potassium (the Learn page's medicines section).
    uses_long_acting_inhaler = models.BooleanField(
        "I use a long-acting asthma inhaler (such as salmeterol or formoterol)",
        default=False,
        help_text="These inhalers are often followed by cramps.",
    )
    takes_pril_or_sartan = models.BooleanField(
        "I take a blood-pressure medicine whose name ends in -pril or -sartan",
        default=False,
        help_text="These raise blood potassium: no potassium tablets or salt substitutes "
        "without your clinician.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def health_flags(self) -> list[str]:
        flags = [
            (self.has_kidney_disease, "kidney disease"),
            (self.takes_diuretic, "takes a diuretic"),
            (self.has_heart_failure, "heart failure"),
            (self.takes_statin, "takes a statin"),
            (self.uses_long_acting_inhaler, "uses a long-acting asthma inhaler"),
            (self.takes_pril_or_sartan, "takes a -pril or -sartan medicine"),
        ]
        return [label for present, label in flags if present]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Session(AbstractBaseSession):
    """A stored session, with the person it is signed in as (accounts/sessions.py).

    The user column finds a person's sessions without decoding them, so sessions signed with
    an older SECRET_KEY are found and ended too.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )

    @classmethod
    def get_session_store_class(cls) -> type["SessionStore"]:
        from .sessions import SessionStore

        return SessionStore
