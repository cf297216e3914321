from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import page_published

from .access import PROFILE_REVIEW_WORKFLOW, sync_all_profiles, sync_profile_access
from .models import PeopleIndexPage, PersonPage, ProfileSettings


@receiver(page_published, sender=PersonPage)
def grant_access_to_published_owner(sender, instance, **kwargs):
    sync_profile_access(instance)


@receiver(post_save, sender=ProfileSettings)
def apply_publishing_setting(sender, instance, **kwargs):
    sync_all_profiles()


@receiver(post_save, sender=PeopleIndexPage)
def moderate_profiles_in_new_directory(sender, instance, created, raw=False, **kwargs):
    """Profiles in a new directory go through "Profile review"; editors can change it later."""
    if not created or raw:
        return
    workflow = Workflow.objects.filter(name=PROFILE_REVIEW_WORKFLOW, active=True).first()
    if workflow:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": workflow})
