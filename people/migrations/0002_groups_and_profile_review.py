"""Create the Communications and Faculty groups and the one-step "Profile review" workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATIONS = "Communications"
FACULTY = "Faculty"
WORKFLOW = "Profile review"
TASK = "Communications approval"

COMMUNICATIONS_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
COMMUNICATIONS_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("mila", "add_researchtopic"),
    ("mila", "change_researchtopic"),
    ("mila", "delete_researchtopic"),
    ("mila", "add_institution"),
    ("mila", "change_institution"),
    ("mila", "delete_institution"),
    ("mila", "change_navigationsettings"),
    ("people", "manage_profiles"),
    ("people", "change_profilesettings"),
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
COLLECTION_PERMISSIONS = {
    COMMUNICATIONS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    ],
    # Faculty upload and choose their portrait; Wagtail lets them edit only the images they own.
    FACULTY: [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    faculty, _ = Group.objects.get_or_create(name=FACULTY)

    communications.permissions.add(
        *[permission(app, codename) for app, codename in COMMUNICATIONS_MODEL_PERMISSIONS]
    )
    faculty.permissions.add(permission("wagtailadmin", "access_admin"))

    root_page = Page.objects.filter(depth=1).first()
    for codename in COMMUNICATIONS_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=communications, page=root_page, permission=permission("wagtailcore", codename)
        )

    root_collection = Collection.objects.filter(depth=1).first()
    for group in (communications, faculty):
        for app, codename in COLLECTION_PERMISSIONS[group.name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(app, codename)
            )

    task_type = ContentType.objects.get(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = Task.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(communications)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[COMMUNICATIONS, FACULTY]).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("mila", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
