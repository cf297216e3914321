"""The general "Two-step review" workflow, its "Senior editors" group, and the editorial tools
permission for Communications."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATIONS = "Communications"
SENIOR_EDITORS = "Senior editors"
WORKFLOW = "Two-step review"
TASKS = [("Editorial review", COMMUNICATIONS), ("Final approval", SENIOR_EDITORS)]
SENIOR_PAGE_PERMISSIONS = ["change_page", "publish_page"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_workflow(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    tools = permission("editorial", "view_editorial_tools")
    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    communications.permissions.add(tools)
    senior, _ = Group.objects.get_or_create(name=SENIOR_EDITORS)
    senior.permissions.add(permission("wagtailadmin", "access_admin"), tools)
    root_page = Page.objects.filter(depth=1).first()
    for codename in SENIOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=senior, page=root_page, permission=permission("wagtailcore", codename)
        )

    task_type = ContentType.objects.get(app_label="wagtailcore", model="groupapprovaltask")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    for position, (name, group_name) in enumerate(TASKS):
        task, _ = Task.objects.get_or_create(
            name=name, defaults={"content_type": task_type, "active": True}
        )
        task.groups.add(Group.objects.get(name=group_name))
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": position}
        )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(
        name__in=[name for name, _group in TASKS]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name=SENIOR_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("people", "0002_groups_and_profile_review"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
