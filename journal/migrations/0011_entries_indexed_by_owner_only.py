"""Indexes of one column that another index or unique constraint already starts with, or
that no query reads (docs/performance.md, "Indexes"), are dropped.

Only the indexes: Django's own AlterField would also drop each owner's foreign key and add it
again, which on PostgreSQL checks every row of the table while writes wait (minutes on a
large journal table), and on SQLite copies every table. So the state changes as AlterField
says and the database only loses the index, on both databases under the same name.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0010_meal_item_owner_not_indexed_alone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='cramp',
                    name='local_date',
                    field=models.DateField(editable=False),
                ),
                migrations.AlterField(
                    model_name='cramp',
                    name='night_of',
                    field=models.DateField(blank=True, editable=False, null=True),
                ),
                migrations.AlterField(
                    model_name='cramp',
                    name='occurred_at',
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
                ),
                migrations.AlterField(
                    model_name='cramp',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='dayfactormark',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='daystatus',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='drink',
                    name='local_date',
                    field=models.DateField(editable=False),
                ),
                migrations.AlterField(
                    model_name='drink',
                    name='occurred_at',
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
                ),
                migrations.AlterField(
                    model_name='drink',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='exercise',
                    name='local_date',
                    field=models.DateField(editable=False),
                ),
                migrations.AlterField(
                    model_name='exercise',
                    name='occurred_at',
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
                ),
                migrations.AlterField(
                    model_name='exercise',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='meal',
                    name='local_date',
                    field=models.DateField(editable=False),
                ),
                migrations.AlterField(
                    model_name='meal',
                    name='occurred_at',
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
                ),
                migrations.AlterField(
                    model_name='meal',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='nightanswer',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='recipe',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='supplement',
                    name='local_date',
                    field=models.DateField(editable=False),
                ),
                migrations.AlterField(
                    model_name='supplement',
                    name='occurred_at',
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='when'),
                ),
                migrations.AlterField(
                    model_name='supplement',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='usualsupplement',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "DROP INDEX IF EXISTS journal_cramp_local_date_4bc3f8bc",
                        "DROP INDEX IF EXISTS journal_cramp_night_of_f80d6db3",
                        "DROP INDEX IF EXISTS journal_cramp_occurred_at_a6ee84ab",
                        "DROP INDEX IF EXISTS journal_cramp_user_id_6520bde0",
                        "DROP INDEX IF EXISTS journal_dayfactormark_user_id_655c5da0",
                        "DROP INDEX IF EXISTS journal_daystatus_user_id_00cdf28d",
                        "DROP INDEX IF EXISTS journal_drink_local_date_886f117f",
                        "DROP INDEX IF EXISTS journal_drink_occurred_at_5901f8b7",
                        "DROP INDEX IF EXISTS journal_drink_user_id_d4398314",
                        "DROP INDEX IF EXISTS journal_exercise_local_date_3f05bf8e",
                        "DROP INDEX IF EXISTS journal_exercise_occurred_at_776a58c5",
                        "DROP INDEX IF EXISTS journal_exercise_user_id_7681034d",
                        "DROP INDEX IF EXISTS journal_meal_local_date_0774464b",
                        "DROP INDEX IF EXISTS journal_meal_occurred_at_0901c007",
                        "DROP INDEX IF EXISTS journal_meal_user_id_607b3d03",
                        "DROP INDEX IF EXISTS journal_nightanswer_user_id_5d56fd98",
                        "DROP INDEX IF EXISTS journal_recipe_user_id_56b3dc4d",
                        "DROP INDEX IF EXISTS journal_supplement_local_date_7a2b9163",
                        "DROP INDEX IF EXISTS journal_supplement_occurred_at_848bbaf6",
                        "DROP INDEX IF EXISTS journal_supplement_user_id_c6f7cc84",
                        "DROP INDEX IF EXISTS journal_usualsupplement_user_id_d12173d0",
                    ],
                    reverse_sql=[
                        "CREATE INDEX IF NOT EXISTS journal_cramp_local_date_4bc3f8bc ON journal_cramp (local_date)",
                        "CREATE INDEX IF NOT EXISTS journal_cramp_night_of_f80d6db3 ON journal_cramp (night_of)",
                        "CREATE INDEX IF NOT EXISTS journal_cramp_occurred_at_a6ee84ab ON journal_cramp (occurred_at)",
                        "CREATE INDEX IF NOT EXISTS journal_cramp_user_id_6520bde0 ON journal_cramp (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_dayfactormark_user_id_655c5da0 ON journal_dayfactormark (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_daystatus_user_id_00cdf28d ON journal_daystatus (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_drink_local_date_886f117f ON journal_drink (local_date)",
                        "CREATE INDEX IF NOT EXISTS journal_drink_occurred_at_5901f8b7 ON journal_drink (occurred_at)",
                        "CREATE INDEX IF NOT EXISTS journal_drink_user_id_d4398314 ON journal_drink (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_exercise_local_date_3f05bf8e ON journal_exercise (local_date)",
                        "CREATE INDEX IF NOT EXISTS journal_exercise_occurred_at_776a58c5 ON journal_exercise (occurred_at)",
                        "CREATE INDEX IF NOT EXISTS journal_exercise_user_id_7681034d ON journal_exercise (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_meal_local_date_0774464b ON journal_meal (local_date)",
                        "CREATE INDEX IF NOT EXISTS journal_meal_occurred_at_0901c007 ON journal_meal (occurred_at)",
                        "CREATE INDEX IF NOT EXISTS journal_meal_user_id_607b3d03 ON journal_meal (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_nightanswer_user_id_5d56fd98 ON journal_nightanswer (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_recipe_user_id_56b3dc4d ON journal_recipe (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_supplement_local_date_7a2b9163 ON journal_supplement (local_date)",
                        "CREATE INDEX IF NOT EXISTS journal_supplement_occurred_at_848bbaf6 ON journal_supplement (occurred_at)",
                        "CREATE INDEX IF NOT EXISTS journal_supplement_user_id_c6f7cc84 ON journal_supplement (user_id)",
                        "CREATE INDEX IF NOT EXISTS journal_usualsupplement_user_id_d12173d0 ON journal_usualsupplement (user_id)",
                    ],
                ),
            ],
        ),
    ]
