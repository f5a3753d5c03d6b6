"""A meal item's request token is unique per person, not across everyone.

The item gets its meal's owner (filled in from the meal for the items there are), and the
token's global unique index becomes a unique constraint on (owner, token): a token that
happens to equal another person's is then a new item, not a server error.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def owners_from_meals(apps, schema_editor):
    Meal = apps.get_model("journal", "Meal")
    MealItem = apps.get_model("journal", "MealItem")
    owner = Meal.objects.filter(pk=models.OuterRef("meal_id")).values("user_id")[:1]
    MealItem.objects.update(user_id=models.Subquery(owner))
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign keys are checked at commit by default, and PostgreSQL cannot alter
        # a table with checks pending: check them now, before the column becomes NOT NULL.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_mealitem_fluid_ml"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="mealitem",
            name="user",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(owners_from_meals, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="mealitem",
            name="user",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="mealitem",
            name="request_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="mealitem",
            constraint=models.UniqueConstraint(
                fields=("user", "request_token"), name="mealitem_one_per_request"
            ),
        ),
    ]
