from django.db import migrations, models

from foods.drinks import is_drink


def mark_catalog_drinks(apps, schema_editor):
    """SR28 foods already in the catalog get the flag the import now gives new ones."""
    Food = apps.get_model("foods", "Food")
    drinks = [
        food.pk
        for food in Food.objects.filter(source="usda-sr28", owner__isnull=True).only(
            "pk", "source_id", "name", "food_group", "water_g"
        )
        if is_drink(food.source_id, food.name, food.food_group, food.water_g)
    ]
    for start in range(0, len(drinks), 500):
        Food.objects.filter(pk__in=drinks[start : start + 500]).update(is_drink=True)


class Migration(migrations.Migration):
    dependencies = [
        ("foods", "0005_food_uid"),
    ]

    operations = [
        migrations.AddField(
            model_name="food",
            name="is_drink",
            field=models.BooleanField(
                default=False,
                help_text="Drunk as it comes (milk, juice, coconut water): logged as a food, "
                "its amount counts as fluid.",
                verbose_name="drink",
            ),
        ),
        migrations.RunPython(mark_catalog_drinks, migrations.RunPython.noop),
    ]
