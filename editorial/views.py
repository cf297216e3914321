"""Admin views for one page (or section): its translation status, copy English, XLIFF out and in."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .access import locked_for, page_for_tools
from .copying import fill_french_from_english
from .fields import field_labels, has_own_translations, translated_fields
from .models import TranslationUpload
from .status import refresh
from .xliff import MAX_BYTES, XliffError, apply_plans, export_pages, plan_import


def _labels(model, names):
    labels = field_labels(model)
    return [str(capfirst(labels.get(name, name))) for name in names]


def translation(request, page_id):
    """Every translated field of the page, with its state in each language."""
    page = page_for_tools(request, page_id)
    status = refresh(page)
    model = type(page)
    rows = []
    for translated in translated_fields(model):
        rows.append(
            {
                "label": translated.label,
                "missing_fr": translated.name in status.missing_fr,
                "missing_en": translated.name in status.missing_en,
                "outdated_fr": translated.name in status.outdated_fr,
                "outdated_en": translated.name in status.outdated_en,
            }
        )
    return TemplateResponse(
        request,
        "editorial/admin/translation.html",
        {
            "page": page,
            "status": status,
            "rows": rows,
            "has_children": page.get_children().exists(),
            "import_form": XliffUploadForm(),
            "page_title": gettext("Translation of “%(title)s”")
            % {"title": page.get_admin_display_title()},
        },
    )


@require_POST
def copy_english(request, page_id):
    page = page_for_tools(request, page_id)
    if locked_for(page, request.user):
        messages.error(request, gettext("This page is locked; nothing was copied."))
        return redirect("editorial:translation", page.pk)
    version, filled = fill_french_from_english(page)
    if not filled:
        messages.info(request, gettext("No French field was empty: nothing to copy."))
        return redirect("editorial:translation", page.pk)
    try:
        version.save_revision(user=request.user, log_action=True)
    except ValidationError as error:
        messages.error(
            request,
            gettext("The copy could not be saved: %(errors)s")
            % {"errors": " ".join(error.messages)},
        )
        return redirect("editorial:translation", page.pk)
    messages.success(
        request,
        gettext(
            "English text copied into %(count)s empty French field(s): %(fields)s. "
            "Saved as a draft: translate it, then publish."
        )
        % {"count": len(filled), "fields": ", ".join(_labels(type(page), filled))},
    )
    return redirect("editorial:translation", page.pk)


def export_xliff(request, page_id):
    page = page_for_tools(request, page_id)
    section = request.GET.get("section") == "1"
    pages = [page]
    if section:
        pages += [
            descendant
            for descendant in page.get_descendants().specific()
            if has_own_translations(type(descendant))
            and descendant.permissions_for_user(request.user).can_edit()
        ]
    response = HttpResponse(export_pages(pages), content_type="application/x-xliff+xml")
    name = slugify(page.title_en or page.title) or f"page-{page.pk}"
    suffix = "-section" if section else ""
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.en-fr.xlf"'
    return response


class XliffUploadForm(forms.Form):
    xliff_file = forms.FileField(
        label=_("Translated XLIFF file"),
        help_text=_("The file exported from this page or section, with the French filled in."),
    )


KEEP_UPLOADS_FOR = datetime.timedelta(days=1)


def _refuse(request, page, reason):
    messages.error(request, gettext("The file was refused. %(reason)s") % {"reason": reason})
    return redirect("editorial:translation", page.pk)


def import_xliff(request, page_id):
    """Upload (checked, then a preview of the French fields that would change), then confirm."""
    page = page_for_tools(request, page_id)
    if request.method != "POST":
        return redirect("editorial:translation", page.pk)
    upload = None
    if request.POST.get("upload"):
        upload = get_object_or_404(
            TranslationUpload, pk=request.POST["upload"], page=page, user=request.user
        )
        data, file_name = upload.content.encode("utf-8"), upload.file_name
    else:
        form = XliffUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, gettext("Choose the translated XLIFF file to import."))
            return redirect("editorial:translation", page.pk)
        uploaded = form.cleaned_data["xliff_file"]
        data, file_name = uploaded.read(MAX_BYTES + 1), uploaded.name
    try:
        text = data.decode("utf-8")
        plans = plan_import(page, data, include_descendants=True)
    except UnicodeDecodeError:
        return _refuse(request, page, gettext("It is not UTF-8 text."))
    except XliffError as error:
        return _refuse(request, page, str(error))
    for plan in plans:
        if plan.changes and not plan.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        if plan.changes and locked_for(plan.page, request.user):
            messages.error(
                request,
                gettext("“%(title)s” is locked; nothing was imported.")
                % {"title": plan.page.get_admin_display_title()},
            )
            return redirect("editorial:translation", page.pk)
    if upload is not None and request.POST.get("confirm") == "1":
        try:
            count = apply_plans(plans, request.user)
        except ValidationError as error:
            messages.error(
                request,
                gettext("The translation could not be saved: %(errors)s")
                % {"errors": " ".join(error.messages)},
            )
            return redirect("editorial:translation", page.pk)
        upload.delete()
        messages.success(
            request,
            gettext(
                "%(count)s French field(s) updated from the file, saved as drafts. "
                "Review them, then publish."
            )
            % {"count": count},
        )
        return redirect("editorial:translation", page.pk)
    if upload is None:
        TranslationUpload.objects.filter(created_at__lt=timezone.now() - KEEP_UPLOADS_FOR).delete()
        upload = TranslationUpload.objects.create(
            page=page, user=request.user, file_name=file_name[:255], content=text
        )
    return TemplateResponse(
        request,
        "editorial/admin/import_preview.html",
        {
            "page": page,
            "plans": plans,
            "change_count": sum(len(plan.changes) for plan in plans),
            "upload": upload,
            "page_title": gettext("Import the French translation"),
        },
    )
