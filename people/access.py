"""Who may edit which profile, expressed with Wagtail's own per-page group permissions.

Each faculty account gets a personal group holding `change` (and, when the institute allows it,
`publish`) on its profile page only; the shared Faculty group gives admin access and image
upload. See docs/decisions/002-faculty-profile-permissions.md.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

FACULTY_GROUP = "Faculty"
COMMUNICATIONS_GROUP = "Communications"
PROFILE_REVIEW_WORKFLOW = "Profile review"


def profile_group_name(page):
    return f"Profile editor #{page.pk}"


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def sync_profile_access(page):
    """Make the profile's account (if any) the only one allowed to edit it, and nothing else."""
    from .models import ProfileSettings

    group, _created = Group.objects.get_or_create(name=profile_group_name(page))
    codenames = ["change_page"]
    if ProfileSettings.load().faculty_can_publish:
        codenames.append("publish_page")
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__codename__in=codenames
    ).delete()
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )
    if page.account_id:
        group.user_set.set([page.account_id])
        page.account.groups.add(Group.objects.get(name=FACULTY_GROUP))
    else:
        group.user_set.clear()


def sync_all_profiles():
    from .models import PersonPage

    for page in PersonPage.objects.filter(account__isnull=False):
        sync_profile_access(page)
