"""The journal: cramps, meals, drinks, exercise and supplements, each on its owner's local day.

Every entry records when it happened (an instant, stored in UTC) and the local calendar date
it falls on in its owner's time zone at the time of logging, so that days stay put when the
server or the person travels. Entries keep the nutrients they had when logged: a later
catalog correction changes history only through a deliberate recompute.
"""

import datetime
import uuid
from collections.abc import Collection, Iterable
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from foods.models import Food
from foods.nutrients import NO_VALUES, NUTRIENT_FIELDS, Nutrients

from . import days

MAX_NOTE = 1000
# The most one logged food or one drink can be: more is never one serving (the export
# format keeps the same limits).
MAX_ITEM_GRAMS = 5000
MAX_DRINK_ML = 5000


class EntryQuerySet(models.QuerySet[Any]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        return self.filter(user=user)

    def on_day(self, day: datetime.date) -> Self:
        return self.filter(local_date=day)

    def between(self, first_day: datetime.date, last_day: datetime.date) -> Self:
        return self.filter(local_date__gte=first_day, local_date__lte=last_day)


def owner_key() -> Any:
    """The owner of a person's row, for models whose unique constraint or index starts with
    the owner: no index of its own, which would only repeat that one's first column and cost
    a write per row (docs/performance.md, "Indexes")."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )


class Entry(models.Model):
    """What every kind of entry has: an owner, a moment, its local day, and an idempotency key.

    ``request_token`` is a random id the entry form carries: a double tap or a retried request
    sends the same token twice, and the second finds the first instead of adding a copy.
    """

    # Neither the moment nor the day is indexed alone: every query asks for one person's
    # entries, through the (owner, day) index, and an index of everyone's moments only
    # tempts the planner to walk the crowd's latest entries looking for one person's.
    user = owner_key()
    occurred_at = models.DateTimeField("when", default=timezone.now)
    local_date = models.DateField(editable=False)
    request_token = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request_token"], name="%(class)s_one_per_request"
            ),
        ]
        indexes = [models.Index(fields=["user", "local_date"], name="%(class)s_user_day")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An entry's days are set when it is made and when its time changes, in the zone of
        # that save, and never otherwise: after a move from London to New York, editing an
        # old entry's note must not carry it to another day.
        if self._state.adding or self._time_changed():
            self.assign_days()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "occurred_at" in update_fields:
                kwargs["update_fields"] = {*update_fields, *self.day_fields()}
        super().save(*args, **kwargs)
        self._remember_time()

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        entry = super().from_db(db, field_names, values)
        entry._remember_time()
        return entry

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_time()

    def _remember_time(self) -> None:
        """Notes the time as stored, to tell later whether it was changed."""
        self._stored_occurred_at = self.__dict__.get("occurred_at")

    def _time_changed(self) -> bool:
        if "occurred_at" not in self.__dict__:  # deferred, so not changed by this save
            return False
        stored = getattr(self, "_stored_occurred_at", None)
        return stored is None or self.occurred_at != stored

    @classmethod
    def day_fields(cls) -> list[str]:
        return ["local_date"]

    def assign_days(self) -> None:
        self.local_date = days.local_day(self.occurred_at, self.user.profile.zone)


class Cramp(Entry):
    class Muscle(models.TextChoices):
        CALF = "calf", "Calf"
        FOOT = "foot", "Foot or toes"
        SHIN = "shin", "Shin"
        THIGH_FRONT = "thigh_front", "Front of thigh"
        THIGH_BACK = "thigh_back", "Back of thigh"
        OTHER = "other", "Other"

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        BOTH = "both", "Both"

    class Situation(models.TextChoices):
        NIGHT = "night", "In bed at night"
        REST = "rest", "At rest by day"
        DURING_EXERCISE = "during_exercise", "During exercise"
        AFTER_EXERCISE = "after_exercise", "After exercise"
        OTHER = "other", "Other"

    class Relief(models.TextChoices):
        STRETCHING = "stretching", "Stretching"
        MASSAGE = "massage", "Massage"
        HEAT = "heat", "Heat"
        COLD = "cold", "Cold"
        WALKING = "walking", "Walking it off"
        OTHER = "other", "Other"

    class Effect(models.TextChoices):
        NONE = "none", "Not at all"
        LITTLE = "little", "A little"
        FULLY = "fully", "Fully"

    # Details are optional: at 3 a.m. "a cramp, now" is the entry; the rest can follow.
    muscle = models.CharField(max_length=12, choices=Muscle.choices, blank=True)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    severity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 is barely noticeable, 10 the worst you can imagine.",
    )
    duration_seconds = models.PositiveIntegerField(
        "duration",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60 * 60)],
    )
    situation = models.CharField(max_length=16, choices=Situation.choices, blank=True)
    relief = models.JSONField("relief tried", default=list, blank=True)
    relief_effect = models.CharField(
        "how well it worked", max_length=6, choices=Effect.choices, blank=True
    )
    note = models.TextField(blank=True, max_length=MAX_NOTE)
    # The evening whose night the cramp fell in (02:30 on the 15th: the 14th); None by day.
    night_of = models.DateField(null=True, blank=True, editable=False)

    class Meta(Entry.Meta):
        abstract = False

    def __str__(self) -> str:
        where = " ".join(
            filter(None, [self.get_side_display().lower(), self.get_muscle_display().lower()])
        )
        parts = ["Cramp" + (f", {where}" if where else "")]
        if self.severity:
            parts.append(f"{self.severity} of 10")
        return ", ".join(parts)

    @classmethod
    def day_fields(cls) -> list[str]:
        return ["local_date", "night_of"]

    def assign_days(self) -> None:
        super().assign_days()
        self.night_of = days.night_of(self.occurred_at, self.user.profile.zone)

    @property
    def relief_labels(self) -> list[str]:
        labels = dict(self.Relief.choices)
        return [labels.get(code, code) for code in self.relief]


class NutrientSnapshot(models.Model):
    """Nutrient amounts as they were when the entry was logged (not per 100 g)."""

    potassium_mg = models.FloatField(null=True, blank=True)
    magnesium_mg = models.FloatField(null=True, blank=True)
    calcium_mg = models.FloatField(null=True, blank=True)
    sodium_mg = models.FloatField(null=True, blank=True)
    energy_kcal = models.FloatField(null=True, blank=True)
    water_g = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def snapshot_fields(cls) -> list[str]:
        return list(NUTRIENT_FIELDS)

    def nutrients(self) -> Nutrients:
        """The snapshot as amounts (``None`` where unknown)."""
        return Nutrients(
            self.potassium_mg, self.magnesium_mg, self.calcium_mg, self.sodium_mg,
            self.energy_kcal, self.water_g,
        )  # fmt: skip

    def keep_snapshot(self, amounts: Nutrients) -> None:
        self.potassium_mg = amounts.potassium
        self.magnesium_mg = amounts.magnesium
        self.calcium_mg = amounts.calcium
        self.sodium_mg = amounts.sodium
        self.energy_kcal = amounts.energy
        self.water_g = amounts.water

    def take_snapshot(self, food: Food | None, grams: float) -> None:
        self.keep_snapshot(food.nutrients_for(grams) if food else NO_VALUES)


class Meal(Entry):
    class Kind(models.TextChoices):
        BREAKFAST = "breakfast", "Breakfast"
        LUNCH = "lunch", "Lunch"
        DINNER = "dinner", "Dinner"
        SNACK = "snack", "Snack"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(blank=True, max_length=MAX_NOTE)

    class Meta(Entry.Meta):
        abstract = False
        # Today's recent meals, newest first, read from the person's own meals: without it
        # the planner walks everyone's meals by time (issue 25).
        indexes = [
            *Entry.Meta.indexes,
            models.Index(fields=["user", "occurred_at"], name="meal_user_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.local_date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A meal moved to another day takes its items along: they keep its day (see
        # MealItem.local_date).
        moved = not self._state.adding and self._time_changed()
        super().save(*args, **kwargs)
        if moved:
            MealItem.objects.filter(meal=self).exclude(local_date=self.local_date).update(
                local_date=self.local_date
            )


class MealItemQuerySet(models.QuerySet["MealItem"]):
    def bulk_create(
        self, objs: Iterable["MealItem"], *args: Any, **kwargs: Any
    ) -> list["MealItem"]:
        """As Django's, with each item's owner and day taken from its meal (as
        ``MealItem.save`` does), in one query for the meals that are not at hand."""
        objs = list(objs)
        for item in objs:
            if (item.user_id is None or item.local_date is None) and MealItem.meal.is_cached(item):
                item.user_id, item.local_date = item.meal.user_id, item.meal.local_date
        unknown = {
            item.meal_id
            for item in objs
            if (item.user_id is None or item.local_date is None) and item.meal_id
        }
        if unknown:
            meals = {
                pk: (user_id, day)
                for pk, user_id, day in Meal.objects.filter(pk__in=unknown).values_list(
                    "pk", "user_id", "local_date"
                )
            }
            for item in objs:
                if item.meal_id in meals and (item.user_id is None or item.local_date is None):
                    item.user_id, item.local_date = meals[item.meal_id]
        return super().bulk_create(objs, *args, **kwargs)


class MealItem(NutrientSnapshot):
    """One food in a meal: which, how much, and the nutrients it had when logged."""

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="items")
    # Always the meal's owner: kept on the item so that its request token can be unique per
    # person (a constraint cannot reach through the meal). Set from the meal on save.
    # Not indexed alone: the (owner, day) index below starts with it, and with both the
    # planner took this one for "the last 45 days" and read all of a ten-year journal.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        db_index=False,
    )
    # Always the meal's local day, kept on the item (set on save and bulk_create, moved with
    # the meal in Meal.save) so that a person's daily sums read that person's items through
    # the (owner, day) index instead of joining every meal item to its meal.
    local_date = models.DateField(editable=False)
    # Kept when the food is later deleted (a private food) or deactivated: history stays.
    food = models.ForeignKey(Food, on_delete=models.SET_NULL, null=True, related_name="+")
    food_name = models.CharField(max_length=200)
    amount_label = models.CharField(max_length=160, help_text="e.g. “2 × 1 medium”, “150 g”")
    grams = models.FloatField(
        validators=[MinValueValidator(0.1), MaxValueValidator(MAX_ITEM_GRAMS)]
    )
    # As on entries: the same add-food request twice makes one item. Unique per person, not
    # across everyone: another person's token must neither collide nor be found.
    request_token = models.UUIDField(null=True, blank=True, editable=False)
    # The fluid this item adds, snapshotted like its nutrients so that a later change of the
    # food's drink flag does not rewrite history: for a drink food its grams, taken as ml
    # (drinks are close to water's density, as Drink.count_minerals takes 1 ml as 1 g; milk
    # and juice are 3-4% denser, so their ml are that much overstated); None for a food that
    # is eaten, which adds no fluid (the water in solid food is not counted as fluid).
    fluid_ml = models.FloatField("fluid (ml)", null=True, blank=True)

    objects = MealItemQuerySet.as_manager()

    class Meta:
        ordering = ["meal", "pk"]
        indexes = [models.Index(fields=["user", "local_date"], name="mealitem_user_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request_token"], name="mealitem_one_per_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_label} {self.food_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.meal_id is not None and (self.user_id is None or self.local_date is None):
            self.user_id, self.local_date = self.meal.user_id, self.meal.local_date
        super().save(*args, **kwargs)

    @classmethod
    def snapshot_fields(cls) -> list[str]:
        return [*super().snapshot_fields(), "fluid_ml"]

    def take_snapshot(self, food: Food | None, grams: float) -> None:
        super().take_snapshot(food, grams)
        self.fluid_ml = grams if food is not None and food.is_drink else None

    def rescale(self, grams: float, amount_label: str) -> None:
        """A new amount of the same food. The nutrients are the item's own, scaled: an entry
        keeps the values it had when logged (a catalog correction since then is not mixed
        into one item), and an unknown value stays unknown."""
        factor = grams / self.grams
        self.keep_snapshot(self.nutrients().scaled(factor))
        if self.fluid_ml is not None:  # a drink food's volume follows its grams
            self.fluid_ml *= factor
        self.grams = grams
        self.amount_label = amount_label


class Drink(Entry, NutrientSnapshot):
    class Kind(models.TextChoices):
        WATER = "water", "Water"
        COFFEE = "coffee", "Coffee"
        TEA = "tea", "Tea"
        ALCOHOL = "alcohol", "Alcohol"
        ELECTROLYTE = "electrolyte", "Electrolyte or sports drink"
        COCONUT_WATER = "coconut_water", "Coconut water"
        MILK = "milk", "Milk"
        JUICE = "juice", "Juice"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.WATER)
    volume_ml = models.PositiveIntegerField(
        "volume (ml)", validators=[MinValueValidator(1), MaxValueValidator(MAX_DRINK_ML)]
    )
    # A catalog food whose minerals the drink adds (milk, juice, a sports drink's label).
    food = models.ForeignKey(
        Food, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caffeinated = models.BooleanField(default=False)
    alcoholic = models.BooleanField(default=False)
    # A drink that named a food whose values are not known here (an imported record naming a
    # catalog food this site lacks): a mineral it has no value for is unknown, never 0, as
    # for a drink with a food (journal/intake.py). A drink without a food (water, tea) has no
    # minerals to know.
    minerals_unknown = models.BooleanField(default=False)

    class Meta(Entry.Meta):
        abstract = False

    def __str__(self) -> str:
        return f"{self.volume_ml} ml {self.get_kind_display().lower()}"

    def count_minerals(self, food: Food | None) -> None:
        """Records the minerals of this volume of ``food`` (1 ml taken as 1 g; drinks are
        close to water's density) and whether the drink has caffeine or alcohol."""
        self.food = food
        self.take_snapshot(food, self.volume_ml)
        self.caffeinated = self.kind in (self.Kind.COFFEE, self.Kind.TEA)
        self.alcoholic = self.kind == self.Kind.ALCOHOL


class Exercise(Entry):
    class Intensity(models.TextChoices):
        LIGHT = "light", "Light"
        MODERATE = "moderate", "Moderate"
        HARD = "hard", "Hard"

    class Sweat(models.TextChoices):
        LITTLE = "little", "Hardly"
        SOME = "some", "Some"
        LOTS = "lots", "A lot"

    activity = models.CharField(max_length=80)
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    intensity = models.CharField(max_length=8, choices=Intensity.choices)
    sweat = models.CharField("how much you sweated", max_length=6, choices=Sweat.choices)

    class Meta(Entry.Meta):
        abstract = False

    def __str__(self) -> str:
        return f"{self.activity}, {self.duration_minutes} min"


class Supplement(Entry):
    """A supplement or medication taken; mineral supplements count toward the day's intake."""

    class Mineral(models.TextChoices):
        NONE = "", "None of these"
        MAGNESIUM = "magnesium", "Magnesium"
        POTASSIUM = "potassium", "Potassium"
        CALCIUM = "calcium", "Calcium"

    name = models.CharField(max_length=120)
    mineral = models.CharField(max_length=10, choices=Mineral.choices, blank=True)
    mineral_mg = models.FloatField(
        "mineral (mg)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5000)],
        help_text="The elemental mineral per dose, as the label states it.",
    )

    class Meta(Entry.Meta):
        abstract = False

    def __str__(self) -> str:
        return self.name


class DayStatus(models.Model):
    """What the person says about a whole day: is its food log complete?

    Reports analyse intake only on complete days; an incomplete day is not a day of zero.
    """

    user = owner_key()
    date = models.DateField()
    food_log_complete = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="day_status_one_per_day")
        ]
        verbose_name_plural = "day statuses"

    def __str__(self) -> str:
        return f"{self.date}: {'complete' if self.food_log_complete else 'open'}"


MAX_DAY_FACTORS = 12
MAX_FACTOR_NAME = 60


class DayFactor(models.Model):
    """A yes/no factor a person defines for their days ("slept badly", "stood all day").

    Tapped on Today (one tap marks the day, another unmarks it). Reports read a factor only
    on days whose food log is marked complete: on those the person has gone over the day, so
    an unmarked factor means "no"; on other days it is unknown, never "no".
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=MAX_FACTOR_NAME)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "user", name="day_factor_name_once_per_user")
        ]

    def __str__(self) -> str:
        return self.name


class DayFactorMark(models.Model):
    """One day on which one of the person's own factors was there."""

    user = owner_key()
    factor = models.ForeignKey(DayFactor, on_delete=models.CASCADE, related_name="marks")
    date = models.DateField()

    class Meta:
        ordering = ["date", "factor_id"]
        constraints = [
            models.UniqueConstraint(fields=["factor", "date"], name="day_factor_mark_once_a_day")
        ]
        indexes = [models.Index(fields=["user", "date"], name="day_factor_mark_user_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.factor_id}"


class NightAnswer(models.Model):
    """A person's answer to "Any cramps last night?" when the answer was no.

    A night is *known* when a cramp was logged for it, this answer was given, or the day the
    night ended on was marked complete (``journal.nights``); reports count only known nights
    as cramp-free. One answer per person and night: the unique constraint makes a repeated
    tap, or a reminder link used twice, add nothing.
    """

    class Source(models.TextChoices):
        TODAY = "today", "Today page"
        EMAIL = "email", "Email reminder"
        PUSH = "push", "Push reminder"

    user = owner_key()
    # The evening the night began on, as Cramp.night_of: the night of the 14th ends on the 15th.
    night = models.DateField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.TODAY)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "night"], name="night_answer_one_per_night")
        ]
        ordering = ["-night"]

    def __str__(self) -> str:
        return f"No cramps on the night of {self.night}"


# --- Recipes and the usual supplements (issue 24) ---------------------------------------------

MAX_RECIPE_SERVINGS = 50
MAX_RECIPE_ITEMS = 40
MAX_USUAL_SUPPLEMENTS = 20


class OwnedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        return self.filter(user=user)


class Recipe(models.Model):
    """A person's own dish: foods and amounts for the whole, and how many servings it makes.

    Logging a serving puts each food into a meal at its share of the amount, snapshotted like
    any meal item. ``uid`` is the recipe's id in an export file, kept by another account.
    """

    user = owner_key()
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    servings = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_RECIPE_SERVINGS)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name").asc(), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="recipe_uid_once_per_user"),
        ]

    def __str__(self) -> str:
        return self.name


class RecipeItem(NutrientSnapshot):
    """One food of a recipe, for the whole recipe: its nutrients as they were when it was
    added, used only when the food is later gone (else a logged serving takes the food's)."""

    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="items")
    food = models.ForeignKey(Food, on_delete=models.SET_NULL, null=True, related_name="+")
    food_name = models.CharField(max_length=200)
    amount_label = models.CharField(max_length=160)
    grams = models.FloatField(
        validators=[MinValueValidator(0.1), MaxValueValidator(MAX_ITEM_GRAMS * 10)]
    )
    fluid_ml = models.FloatField("fluid (ml)", null=True, blank=True)

    class Meta:
        ordering = ["recipe", "pk"]

    def __str__(self) -> str:
        return f"{self.amount_label} {self.food_name}"

    @classmethod
    def snapshot_fields(cls) -> list[str]:
        return [*super().snapshot_fields(), "fluid_ml"]

    def take_snapshot(self, food: Food | None, grams: float) -> None:
        super().take_snapshot(food, grams)
        self.fluid_ml = grams if food is not None and food.is_drink else None


class UsualSupplement(models.Model):
    """One of a person's usual supplements or medicines: what "Took my usual" logs.

    ``medicine`` is a small list that can grow: a kind the profile asks about (a diuretic, a
    statin) is kept in agreement with the profile's answer (``journal.usual``).
    """

    class Medicine(models.TextChoices):
        NONE = "", "Not a medicine"
        DIURETIC = "diuretic", "A diuretic (water pill)"
        STATIN = "statin", "A statin"
        INHALER = "inhaler", "A long-acting asthma inhaler"
        PRIL_SARTAN = "pril_sartan", "A blood-pressure medicine ending in -pril or -sartan"
        OTHER = "other", "Another medicine"

    user = owner_key()
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    dose = models.CharField(max_length=80, blank=True, help_text="e.g. “1 tablet”, “2 puffs”")
    # The elemental minerals per dose, as the label states them; empty when it carries none.
    potassium_mg = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5000)]
    )
    magnesium_mg = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5000)]
    )
    calcium_mg = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5000)]
    )
    medicine = models.CharField(max_length=12, choices=Medicine.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="usual_supplement_uid_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.dose}" if self.dose else self.name

    @property
    def medicine_word(self) -> str:
        """The kind of medicine in one word, for lists ("diuretic"); "" for a supplement."""
        words = {self.Medicine.OTHER: "medicine", self.Medicine.PRIL_SARTAN: "-pril or -sartan"}
        return words.get(self.Medicine(self.medicine), str(self.medicine))

    def minerals(self) -> list[tuple[str, float]]:
        """(mineral code, mg) for each mineral it carries, in Supplement.Mineral's order."""
        amounts = {
            Supplement.Mineral.MAGNESIUM: self.magnesium_mg,
            Supplement.Mineral.POTASSIUM: self.potassium_mg,
            Supplement.Mineral.CALCIUM: self.calcium_mg,
        }
        return [(str(code), mg) for code, mg in amounts.items() if mg]
