"""Who may use the editorial tools, and on which pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.models import Page

PERMISSION = "editorial.view_editorial_tools"


def can_use_tools(user):
    return user.is_active and user.has_perm(PERMISSION)


def require_tools(request):
    if not can_use_tools(request.user):
        raise PermissionDenied


def page_for_tools(request, page_id):
    require_tools(request)
    page = get_object_or_404(Page, pk=page_id, depth__gt=1).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def locked_for(page, user):
    lock = page.get_lock()
    return bool(lock and lock.for_user(user))
