"""The food catalog: reference foods with their electrolytes, and people's own private foods."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q

from . import nutrients
from .limits import PER_100_G_MAXIMUM, PORTION_MAXIMUM_GRAMS
from .nutrients import NUTRIENT_FIELDS as NUTRIENT_FIELDS  # forms, admin and files read it here
from .text import search_keys

# A signed-in person (accounts.models.User): the food catalog sits below accounts in the
# layers, so it cannot name that class; django-stubs knows it from AUTH_USER_MODEL.
Person = Any

# The values a data source gives (docs/food-catalog.md): a re-import updates each of them,
# unless a curator has set it (``Food.curated_fields``).
SOURCE_FIELDS = ("description", "food_group", *NUTRIENT_FIELDS)


def _per_100_g_field(
    verbose_name: str, name: str
) -> "models.FloatField[float | None, float | None]":
    return models.FloatField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(PER_100_G_MAXIMUM[name])],
        help_text="Per 100 g. Leave empty when unknown: empty is not zero.",
    )


class FoodQuerySet(models.QuerySet["Food"]):
    def catalog(self) -> "FoodQuerySet":
        """Reference foods that staff curate (not anybody's private food)."""
        return self.filter(owner__isnull=True)

    def visible_to(self, user: Person) -> "FoodQuerySet":
        """What a person may see and log: active catalog foods and their own foods."""
        return self.filter(Q(owner__isnull=True, active=True) | Q(owner=user))

    def owned_by(self, user: Person) -> "FoodQuerySet":
        return self.filter(owner=user)


class Food(models.Model):
    class Source(models.TextChoices):
        USDA_SR28 = "usda-sr28", "USDA SR28"
        CURATED = "curated", "Added by curators"
        PERSONAL = "personal", "Personal food"

    name = models.CharField(max_length=200, help_text="The name people see and search for.")
    description = models.CharField(
        "source description", max_length=200, blank=True, help_text="The source's own wording."
    )
    food_group = models.CharField(max_length=60, blank=True, db_index=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.CURATED)
    source_id = models.CharField(
        "source id", max_length=20, blank=True, help_text="e.g. the USDA NDB number"
    )

    potassium_mg = _per_100_g_field("potassium (mg)", "potassium_mg")
    magnesium_mg = _per_100_g_field("magnesium (mg)", "magnesium_mg")
    calcium_mg = _per_100_g_field("calcium (mg)", "calcium_mg")
    sodium_mg = _per_100_g_field("sodium (mg)", "sodium_mg")
    energy_kcal = _per_100_g_field("energy (kcal)", "energy_kcal")
    water_g = _per_100_g_field("water (g)", "water_g")

    featured = models.BooleanField(default=False, help_text="A common food, offered first.")
    # The curators' call (foods/drinks.py sets it when the import first creates a food): a
    # meal item of a drink counts its volume as fluid, as a drink logged by kind does.
    is_drink = models.BooleanField(
        "drink",
        default=False,
        help_text="Drunk as it comes (milk, juice, coconut water): logged as a food, its "
        "amount counts as fluid.",
    )
    active = models.BooleanField(default=True, help_text="Inactive foods cannot be logged.")
    curator_note = models.TextField(blank=True)
    # Source values a curator set (a corrected potassium, a better food group): the catalog
    # import leaves these alone until a curator gives them back to the source.
    curated_fields = models.JSONField(
        "values set by curators",
        default=list,
        blank=True,
        editable=False,
        help_text="The source's values that curators set; a re-import of the source keeps them.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_foods",
        help_text="Set for a person's private food; empty for the shared catalog.",
    )
    # The name folded for search (lower case, no accents, singular words), and its part
    # before the first comma, which names the food itself ("Sweet potato" in "Sweet potato,
    # baked"); both kept in step with the name on save.
    # A stable id that survives an export and an import into another account (or machine):
    # importing a file again finds the private food it added the first time by this id.
    uid = models.UUIDField("portable id", default=uuid.uuid4, editable=False)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    search_head = models.CharField(max_length=200, editable=False, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FoodQuerySet.as_manager()

    # Set on the foods that search returns (``foods.search``, with ``default_label`` and
    # ``default_grams`` annotated), for what a result shows.
    portion_values_grams: float
    portion_values: dict[str, int | None]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="food_unique_source_id",
            ),
            models.CheckConstraint(
                condition=~Q(source="personal") | Q(owner__isnull=False),
                name="food_personal_has_owner",
            ),
            models.UniqueConstraint(fields=["owner", "uid"], name="food_uid_once_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        renamed = update_fields is None or "name" in update_fields
        if renamed:
            self.search_name, self.search_head = search_keys(self.name)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_name", "search_head"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if renamed:
                FoodWord.index(self)

    def clean(self) -> None:
        super().clean()
        if self.owner_id and self.source != self.Source.PERSONAL:
            self.source = self.Source.PERSONAL
        if not self.name.strip():
            raise ValidationError({"name": "Give the food a name."})

    def mark_curated(self, names: Iterable[str]) -> list[str]:
        """Records that curators set these fields; returns the source fields newly marked."""
        new = sorted(set(names) & set(SOURCE_FIELDS) - set(self.curated_fields))
        self.curated_fields = sorted({*self.curated_fields, *new})
        return new

    @property
    def is_personal(self) -> bool:
        return self.owner_id is not None

    @property
    def unknown_minerals(self) -> list[str]:
        return [name for name in nutrients.MINERALS if getattr(self, f"{name}_mg") is None]

    @property
    def per_100g(self) -> nutrients.Nutrients:
        return nutrients.per_100_g(
            potassium=self.potassium_mg,
            magnesium=self.magnesium_mg,
            calcium=self.calcium_mg,
            sodium=self.sodium_mg,
            energy=self.energy_kcal,
            water=self.water_g,
        )

    @property
    def default_portion(self) -> "Portion | None":
        """The default portion; uses ``default_portions`` when a queryset prefetched it."""
        if hasattr(self, "default_portions"):
            return self.default_portions[0] if self.default_portions else None
        return self.portions.filter(is_default=True).first()

    def nutrients_for(self, grams: float) -> nutrients.Nutrients:
        return nutrients.for_amount(self.per_100g, grams)


class Portion(models.Model):
    """A household measure of a food and its weight: "1 medium, 118 g"."""

    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="portions")
    label = models.CharField(max_length=120, help_text="e.g. “1 medium” or “1 cup, cooked”")
    grams = models.FloatField(
        validators=[MinValueValidator(0.1), MaxValueValidator(PORTION_MAXIMUM_GRAMS)]
    )
    is_default = models.BooleanField("default", default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["food", "-is_default", "position", "grams"]
        constraints = [
            models.UniqueConstraint(
                fields=["food"], condition=Q(is_default=True), name="portion_one_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({nutrients.round_grams(self.grams):g} g)"


class FoodWord(models.Model):
    """The words of each food's name, for search: one row per word, indexed.

    Finding the foods with a word that starts with "swee" is then a range scan of an index
    (see text.prefix_range) instead of a pattern match over every name.
    """

    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["word", "food"], name="food_word_prefix")]

    def __str__(self) -> str:
        return self.word

    @classmethod
    def rows_for(cls, food: Food) -> list["FoodWord"]:
        return [cls(food_id=food.pk, word=word) for word in set(food.search_name.split())]

    @classmethod
    def index(cls, food: Food) -> None:
        """Replaces the food's words with those of its current name."""
        FoodWord.objects.filter(food_id=food.pk).delete()
        FoodWord.objects.bulk_create(cls.rows_for(food))


class Favourite(models.Model):
    """A food someone marked as a favourite: offered first, one tap away, on Today."""

    # Not indexed alone: the once-per-food constraint starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourite_foods",
        db_index=False,
    )
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "food"], name="favourite_once_per_food")
        ]

    def __str__(self) -> str:
        return f"{self.food} (favourite)"
