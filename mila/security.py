"""Response headers that browsers enforce: Content Security Policy and Permissions-Policy.

Public pages get a strict policy (settings.CONTENT_SECURITY_POLICY): scripts and styles from
this site only (plus a per-request nonce for an inline script that declares it), no
`unsafe-inline`, no third-party origin unless configured, no framing. Wagtail's admin is not
compatible with such a policy yet (inline styles, inline scripts in some widgets), so the admin —
and public pages seen by a signed-in editor, which carry the admin's user bar — get
settings.ADMIN_CONTENT_SECURITY_POLICY instead: still same-origin, but with inline code allowed.
`CSP_REPORT_ONLY=1` sends either policy as Content-Security-Policy-Report-Only, to try a change
on production traffic first.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# The admin, and the browsable views of the read-only API (Django REST framework's pages).
ADMIN_POLICY_PREFIXES = ("/admin/", "/api/")


def uses_admin_policy(request):
    if request.path_info.startswith(ADMIN_POLICY_PREFIXES):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None and uses_admin_policy(request):
            name = (
                "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            )
            if getattr(settings, name, None):
                policy = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
                return PolicyParts(policy, parts.update, parts.replace, None)
        return parts


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses, for the site and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
