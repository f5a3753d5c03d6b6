"""Factories for test data: each builds a valid object, with only what a test cares about set."""

import factory
from django.utils import timezone

from accounts.models import Profile, User
from foods.models import Food
from journal.models import (
    Cramp,
    Drink,
    Exercise,
    Meal,
    MealItem,
    Recipe,
    RecipeItem,
    Supplement,
    UsualSupplement,
)

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


class PersonalFoodFactory(factory.django.DjangoModelFactory):
    """A private food of one person, entered from a label."""

    class Meta:
        model = Food

    owner = factory.SubFactory(UserFactory)
    source = Food.Source.PERSONAL
    name = factory.Sequence(lambda n: f"Home recipe {n}")
    food_group = "Home recipes"
    potassium_mg = 300.0
    magnesium_mg = 30.0
    calcium_mg = 50.0
    sodium_mg = 120.0
    energy_kcal = 150.0
    water_g = 60.0


class CatalogFoodFactory(PersonalFoodFactory):
    """A food of the shared catalog, added by curators."""

    owner = None
    source = Food.Source.CURATED
    name = factory.Sequence(lambda n: f"Catalog food {n}")
    food_group = "Fruits and fruit juices"


class CrampFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cramp

    user = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    muscle = Cramp.Muscle.CALF
    side = Cramp.Side.LEFT
    severity = 5


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meal

    user = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = Meal.Kind.BREAKFAST


class MealItemFactory(factory.django.DjangoModelFactory):
    """A medium banana in a meal, with the nutrients it had when logged."""

    class Meta:
        model = MealItem

    meal = factory.SubFactory(MealFactory)
    food = None
    food_name = "Banana"
    amount_label = "1 medium"
    grams = 118
    potassium_mg = 422.44
    magnesium_mg = 31.86
    calcium_mg = 5.9
    sodium_mg = 1.18
    energy_kcal = 105.02
    water_g = 88.4


class DrinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drink

    user = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = Drink.Kind.WATER
    volume_ml = 250


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    user = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    activity = "walking"
    duration_minutes = 40
    intensity = Exercise.Intensity.MODERATE
    sweat = Exercise.Sweat.SOME


class SupplementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplement

    user = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    name = "Magnesium citrate"
    mineral = Supplement.Mineral.MAGNESIUM
    mineral_mg = 200


class RecipeFactory(factory.django.DjangoModelFactory):
    """Porridge for two, with no foods yet (RecipeItemFactory adds them)."""

    class Meta:
        model = Recipe

    user = factory.SubFactory(UserFactory)
    name = "Porridge"
    servings = 2


class RecipeItemFactory(factory.django.DjangoModelFactory):
    """Two bananas for the whole recipe, with the nutrients they had when added."""

    class Meta:
        model = RecipeItem

    recipe = factory.SubFactory(RecipeFactory)
    food = None
    food_name = "Banana"
    amount_label = "2 × 1 medium"
    grams = 236
    potassium_mg = 844.88
    magnesium_mg = 63.72
    calcium_mg = 11.8
    sodium_mg = 2.36
    energy_kcal = 210.04
    water_g = 176.8


class UsualSupplementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsualSupplement

    user = factory.SubFactory(UserFactory)
    name = "Magnesium citrate"
    dose = "1 tablet"
    magnesium_mg = 200


class ExperimentFactory(factory.django.DjangoModelFactory):
    """A designed experiment, not started: stretching, 4 pairs of 7 days."""

    class Meta:
        model = "experiments.Experiment"

    owner = factory.SubFactory(UserFactory)
    intervention = "stretching"
    pairs = 4
    block_days = 7
    run_in_days = 0


def started_experiment(owner, days_ago=0, **kwargs):
    """An experiment started ``days_ago`` days before today, as the start button starts one
    (seed, drawn order, frozen plan, change log), with its dates moved back."""
    import datetime

    from experiments import running
    from experiments.models import Change

    experiment = running.start(ExperimentFactory(owner=owner, **kwargs))
    shift = datetime.timedelta(days=days_ago)
    experiment.start_date -= shift
    experiment.plan["start_date"] = experiment.start_date.isoformat()
    experiment.save(update_fields=["start_date", "plan"])
    for change in Change.objects.filter(experiment=experiment):
        change.day -= shift
        change.at -= shift
        change.save(update_fields=["day", "at"])
    return experiment


def cramp_history(owner, per_week, weeks=4):
    """The last ``weeks`` weeks of known nights: a cramp on ``per_week`` nights of every seven
    and "no cramps" answered for the others; the account made two months before that."""
    import datetime

    from django.utils import timezone

    from journal import nights

    today = timezone.localdate()
    owner.date_joined -= datetime.timedelta(days=7 * weeks + 60)
    owner.save(update_fields=["date_joined"])
    for back in range(1, 7 * weeks + 1):
        night = today - datetime.timedelta(days=back)
        if back % 7 < per_week:
            night_cramp(owner, night)
        else:
            nights.record_no_cramps(owner, night)


# The default plan of issue 23: 12 weeks of pairs of 3-night blocks, first night not counted.
SHORT_BLOCKS = {"pairs": 14, "block_days": 3, "run_in_days": 1}


def night_cramp(owner, day, severity=5):
    """A cramp at 23:00 on ``day`` in the owner's zone: it belongs to that day's night."""
    import datetime

    moment = datetime.datetime.combine(day, datetime.time(23, 0), tzinfo=owner.profile.zone)
    return CrampFactory(user=owner, occurred_at=moment, severity=severity)


def finished_experiment(owner, cramp_nights=(), **kwargs):
    """An experiment whose every day is over, finished, with cramps on the given experiment
    days (indexes), "no cramps" answered for every other night (every night known) and a
    "yes" on every test day."""
    from experiments import analysis, running
    from journal import nights

    total = 2 * kwargs.get("pairs", 4) * kwargs.get("block_days", 7)
    experiment = started_experiment(owner, days_ago=total + 1, **kwargs)
    dates = running.calendar(experiment)
    for index in cramp_nights:
        night_cramp(owner, dates[index])
    for index, day in enumerate(dates):
        if index not in cramp_nights:
            nights.record_no_cramps(owner, day)
        block = experiment.design.block_on(index)
        running.answer(experiment, day, block.condition == analysis.TEST)
    return running.finish(experiment)
