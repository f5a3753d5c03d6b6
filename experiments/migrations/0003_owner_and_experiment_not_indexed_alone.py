"""A one-column index that a unique constraint already starts with is dropped, and only the
index: why, in journal/migrations/0011_entries_indexed_by_owner_only.py."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('experiments', '0002_issue23_short_blocks_open_tries_and_undo'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='dailyanswer',
                    name='experiment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='experiments.experiment'),
                ),
                migrations.AlterField(
                    model_name='experiment',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='experiments', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "DROP INDEX IF EXISTS experiments_dailyanswer_experiment_id_47342d18",
                        "DROP INDEX IF EXISTS experiments_experiment_owner_id_0ca48f4b",
                    ],
                    reverse_sql=[
                        "CREATE INDEX IF NOT EXISTS experiments_dailyanswer_experiment_id_47342d18 ON experiments_dailyanswer (experiment_id)",
                        "CREATE INDEX IF NOT EXISTS experiments_experiment_owner_id_0ca48f4b ON experiments_experiment (owner_id)",
                    ],
                ),
            ],
        ),
    ]
