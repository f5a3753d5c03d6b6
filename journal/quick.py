"""Quick-entry defaults: the water buttons, and which catalog food a kind of drink counts as.

A drink logged by kind alone still adds its minerals: coffee, milk, juice and coconut water
carry real potassium. The foods are USDA SR28 entries by their NDB number; a drink whose
food is not in the catalog (or of kind "alcohol" or "other", too varied to guess) counts as
fluid only.
"""

from foods.models import Food

from .models import Drink

QUICK_WATER_ML = (250, 500)

DRINK_FOODS = {
    Drink.Kind.WATER: "14429",  # water, tap, municipal
    Drink.Kind.COFFEE: "14209",  # coffee, brewed
    Drink.Kind.TEA: "14355",  # tea, black, brewed
    Drink.Kind.ELECTROLYTE: "14460",  # sports drink (Gatorade G)
    Drink.Kind.COCONUT_WATER: "12119",  # coconut water
    Drink.Kind.MILK: "01077",  # milk, whole
    Drink.Kind.JUICE: "09206",  # orange juice, raw
}


def drink_food(kind: str) -> Food | None:
    source_id = DRINK_FOODS.get(kind)
    if source_id is None:
        return None
    return Food.objects.filter(source=Food.Source.USDA_SR28, source_id=source_id).first()
