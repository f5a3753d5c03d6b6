# The model now lives in the portability app (its migration 0001 takes over the same table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_pending_import"),
        ("portability", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingImport")],
            database_operations=[],
        ),
    ]
