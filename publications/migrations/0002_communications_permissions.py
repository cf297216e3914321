"""Let Communications import publications and manage the ingestion API tokens."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATIONS = "Communications"
CODENAMES = [
    "import_publications",
    "add_ingesttoken",
    "change_ingesttoken",
    "delete_ingesttoken",
    "view_ingesttoken",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("publications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="publications", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COMMUNICATIONS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="publications", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("people", "0002_groups_and_profile_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
