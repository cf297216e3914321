"""Dashboard panels for Communications (construct_homepage_panels in wagtail_hooks.py)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from .fields import field_labels
from .links import broken_links
from .models import EditorialStatus, ImportRun

PROFILE_WORKFLOW = "Profile review"
SCHEDULE_DAYS = 14
SHOWN = 8


class DashboardPanel(Component):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context.get("request")
        context.update(self.panel_context())
        return context


class ProfileReviewPanel(DashboardPanel):
    name = "editorial_profile_review"
    template_name = "editorial/panels/profile_review.html"
    order = 110

    def panel_context(self):
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS, workflow__name=PROFILE_WORKFLOW
            )
            .select_related("requested_by", "current_task_state__task")
            .order_by("-created_at")
        )
        shown = list(states[:SHOWN])
        pages = Page.objects.in_bulk([int(state.object_id) for state in shown])
        for state in shown:
            state.profile = pages.get(int(state.object_id))
        return {"count": states.count(), "states": shown}


class TranslationPanel(DashboardPanel):
    name = "editorial_translations"
    template_name = "editorial/panels/translations.html"
    order = 120

    def panel_context(self):
        missing = EditorialStatus.objects.filter(Q(french_missing=True) | Q(english_missing=True))
        outdated = EditorialStatus.objects.filter(
            Q(french_outdated=True) | Q(english_outdated=True)
        )
        return {
            "missing_count": missing.count(),
            "missing_fr_count": missing.filter(french_missing=True).count(),
            "outdated_count": outdated.count(),
            "statuses": list(
                missing.select_related("page").order_by("-last_edited_at", "-pk")[:SHOWN]
            ),
        }


class ScheduledPanel(DashboardPanel):
    name = "editorial_scheduled"
    template_name = "editorial/panels/scheduled.html"
    order = 130

    def panel_context(self):
        now = timezone.now()
        until = now + datetime.timedelta(days=SCHEDULE_DAYS)
        events = []
        going_live = Revision.page_revisions.filter(
            approved_go_live_at__gte=now, approved_go_live_at__lte=until
        ).order_by("approved_go_live_at")
        pages = Page.objects.in_bulk([int(revision.object_id) for revision in going_live])
        for revision in going_live:
            page = pages.get(int(revision.object_id))
            if page:
                events.append({"when": revision.approved_go_live_at, "page": page, "live": True})
        for page in Page.objects.filter(live=True, expire_at__gte=now, expire_at__lte=until):
            events.append({"when": page.expire_at, "page": page, "live": False})
        events.sort(key=lambda event: event["when"])
        return {"events": events, "days": SCHEDULE_DAYS}


class ImportsPanel(DashboardPanel):
    name = "editorial_imports"
    template_name = "editorial/panels/imports.html"
    order = 140

    def panel_context(self):
        return {"runs": list(ImportRun.objects.select_related("user")[:5])}


class BrokenLinksPanel(DashboardPanel):
    name = "editorial_broken_links"
    template_name = "editorial/panels/broken_links.html"
    order = 150

    def panel_context(self):
        statuses = list(EditorialStatus.objects.filter(has_internal_links=True))
        broken = broken_links(statuses)
        pages = Page.objects.in_bulk({status.page_id for status, _link in broken})
        rows = [
            {
                "page": pages[status.page_id],
                "link": link,
                "field": field_labels(pages[status.page_id].specific_class).get(
                    link["field"], link["field"]
                ),
            }
            for status, link in broken
            if status.page_id in pages
        ]
        return {"count": len(rows), "rows": rows[:SHOWN], "page_count": len(pages)}


def dashboard_panels():
    return [
        ProfileReviewPanel(),
        TranslationPanel(),
        ScheduledPanel(),
        ImportsPanel(),
        BrokenLinksPanel(),
    ]
