"""Factories for test data: each builds a valid object, with only what a test cares about set."""

import factory

from accounts.models import Profile, User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a profile, created the way sign-up creates one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = DEFAULT_PASSWORD

    @classmethod
    def _create(cls, model_class, *args, email, password, profile=None, **kwargs):
        return model_class.objects.create_user(email, password, profile=profile or {}, **kwargs)


class StaffUserFactory(UserFactory):
    is_staff = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
