from django.db import migrations, models
from django.db.models import F


def count_drinks_logged_as_food(apps, schema_editor):
    """Drinks logged as foods before items had ``fluid_ml`` now count their grams as fluid,
    as new items of that food do: a deliberate recompute, from the foods' new drink flag."""
    MealItem = apps.get_model("journal", "MealItem")
    MealItem.objects.filter(food__is_drink=True, fluid_ml__isnull=True).update(
        fluid_ml=F("grams")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("foods", "0006_food_is_drink"),
        ("journal", "0003_night_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="mealitem",
            name="fluid_ml",
            field=models.FloatField(blank=True, null=True, verbose_name="fluid (ml)"),
        ),
        migrations.RunPython(count_drinks_logged_as_food, migrations.RunPython.noop),
    ]
