"""The "Catalog curators" group: exactly the permissions to curate foods and their portions.

Curators need staff status to open the admin, and nothing more: no superuser rights, no
access to accounts or (later) anybody's journal.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Catalog curators"
PERMISSIONS = [
    f"{action}_{model}"
    for model in ("food", "portion")
    for action in ("view", "add", "change", "delete")
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("foods")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="foods", codename__in=PERMISSIONS)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("foods", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
