"""A meal item keeps its meal's local day, indexed with its owner.

Daily sums (Today, history, reports) then read one person's items through the (owner, day)
index instead of joining every meal item in the database to its meal. The day is filled in
from the meals for the items there are.
"""

from django.db import migrations, models


def days_from_meals(apps, schema_editor):
    Meal = apps.get_model("journal", "Meal")
    MealItem = apps.get_model("journal", "MealItem")
    day = Meal.objects.filter(pk=models.OuterRef("meal_id")).values("local_date")[:1]
    MealItem.objects.update(local_date=models.Subquery(day))


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0007_recipes_and_usual_supplements"),
    ]

    operations = [
        migrations.AddField(
            model_name="mealitem",
            name="local_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(days_from_meals, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="mealitem",
            name="local_date",
            field=models.DateField(editable=False),
        ),
        migrations.AddIndex(
            model_name="mealitem",
            index=models.Index(fields=["user", "local_date"], name="mealitem_user_day"),
        ),
    ]
