"""Preview any page in English or in French: two preview modes in Wagtail's preview panel.

Wagtail has no hook for the preview modes of every page type, so Page's defaults are replaced
once at start-up; page types that define their own modes (form pages) keep them. The panel's
own size switch gives the mobile, tablet and desktop widths.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PreviewableMixin

LANGUAGE_MODES = [("en", _("English")), ("fr", _("French"))]


def _preview_modes(self):
    return LANGUAGE_MODES


def _serve_preview_in_language(serve_preview):
    def serve(self, request, mode_name):
        language = dict(LANGUAGE_MODES).get(mode_name) and mode_name
        if not language:
            return serve_preview(self, request, mode_name)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = serve_preview(self, request, mode_name)
            # Render now, while the language is active (TemplateResponse is lazy).
            if hasattr(response, "render"):
                response.render()
            return response

    serve.editorial_language_preview = True
    return serve


def install_language_preview_modes():
    if getattr(Page.serve_preview, "editorial_language_preview", False):
        return
    if Page.preview_modes is PreviewableMixin.preview_modes:
        Page.preview_modes = property(_preview_modes)
    Page.serve_preview = _serve_preview_in_language(Page.serve_preview)
