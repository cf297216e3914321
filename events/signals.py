from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage


@receiver(page_published, sender=EventPage)
def restrict_members_only_events(sender, instance, **kwargs):
    """Publishing decides who sees the event: members only means signed-in users only."""
    instance.sync_view_restriction()
