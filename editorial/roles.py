"""What the Communications group may manage, derived from what is registered, after every migrate.

Communications manage all the content (docs/editors.md): every page type, every snippet, every
setting, images and documents, workflows, redirects, promoted search results and the project's
own tools. Granting each of these by hand in a data migration forgot the next snippet (sectors
and event series could not be managed on a fresh database), so the list is derived instead:

- the page permissions Wagtail knows, on the root of the tree (every page type, present and
  future);
- every permission the admin offers in *Settings › Groups*: what the `register_permissions`
  hook returns, i.e. every snippet and setting, every admin model view (ingestion tokens),
  redirects, promoted search results, workflows, admin access; minus `EXCLUDED`;
- every permission a project model declares in its `Meta.permissions` (the project's own tools:
  importing publications, managing profiles, the editorial dashboard);
- images and documents in the root collection.

It only adds: a permission an administrator grants by hand in *Settings › Groups* stays. The
groups themselves, the Faculty group's permissions and the workflows come from the data
migrations (people 0002, editorial 0002); the Faculty group is not touched here.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    PAGE_PERMISSION_TYPES,
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

COMMUNICATIONS = "Communications"

# Offered in Settings › Groups, but not for Communications ("app_label.codename").
EXCLUDED = {
    # Accounts and groups: administrators only (docs/security.md, "Manage users"). Faculty
    # accounts are created through their profile page, with `people.manage_profiles`.
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    # Sites: the hostnames and root page the site answers with, a deployment setting.
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.delete_site",
    # Disabling workflows and tasks: the Profile review workflow is what keeps faculty changes
    # under review; Communications may edit workflows, administrators disable them.
    "wagtailcore.delete_workflow",
    "wagtailcore.delete_task",
}

# The collection permissions Wagtail's image and document choosers and listings use.
COLLECTION_ACTIONS = ("add", "change", "delete", "choose")


def label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def project_app_configs():
    """The apps of this project (as opposed to Django's, Wagtail's and other libraries')."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in global_apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and "site-packages" not in Path(config.path).resolve().parts
    ]


def offered_permissions():
    """Every permission the admin offers in Settings › Groups."""
    # Admin model views (ModelViewSet) register theirs when the admin URLs are imported.
    import_module(settings.ROOT_URLCONF)
    offered = Permission.objects.none()
    for fn in hooks.get_hooks("register_permissions"):
        offered = offered | fn()
    return offered.select_related("content_type")


def project_tool_permissions():
    """The permissions project models declare in `Meta.permissions` (not add/change/...)."""
    wanted = [
        (model, codename)
        for config in project_app_configs()
        for model in config.get_models()
        for codename, _name in model._meta.permissions
    ]
    content_types = ContentType.objects.get_for_models(*[model for model, _ in wanted])
    return [
        Permission.objects.get(content_type=content_types[model], codename=codename)
        for model, codename in wanted
    ]


def communications_permissions():
    """The model-level permissions Communications get (a list of Permission objects)."""
    permissions = {
        permission for permission in offered_permissions() if label(permission) not in EXCLUDED
    }
    permissions.update(project_tool_permissions())
    return sorted(permissions, key=label)


def grant_communications_permissions(**kwargs):
    """Give Communications everything above; idempotent (a post_migrate receiver)."""
    group = Group.objects.filter(name=COMMUNICATIONS).first()
    if group is None:
        # Before people 0002 created the groups, or on a database just flushed by a test.
        return
    # post_migrate reaches this app before the apps listed after it have their permissions.
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0)
    group.permissions.add(*communications_permissions())

    # By id: wagtail-modeltranslation adds the page table's _en/_fr columns after post_migrate.
    root_page_id = Page.objects.filter(depth=1).values_list("pk", flat=True).first()
    for codename, _short, _long in PAGE_PERMISSION_TYPES:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=root_page_id,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{codename}_page"
            ),
        )

    root_collection = Collection.get_first_root_node()
    for model in (get_image_model(), get_document_model()):
        content_type = ContentType.objects.get_for_model(model)
        for action in COLLECTION_ACTIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type=content_type, codename=f"{action}_{model._meta.model_name}"
                ),
            )
