"""Admin views: the BibTeX import (upload, preview, import with progress) and the API tokens."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .importing.bibtex_import import analyse_chunk, count_entries, import_chunk
from .importing.upsert import NoPublicationIndex, publication_index
from .models import ImportBatch, IngestToken

IMPORT_PERMISSION = "publications.import_publications"
ANALYSE_CHUNK = 500
IMPORT_CHUNK = 300
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
KEEP_BATCHES_FOR = datetime.timedelta(days=30)


def _require_import_permission(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


class BibtexUploadForm(forms.Form):
    bibtex_file = forms.FileField(
        label=_("BibTeX file"),
        help_text=_("A .bib file in UTF-8, as exported by Zotero, Google Scholar or DBLP."),
    )

    def clean_bibtex_file(self):
        upload = self.cleaned_data["bibtex_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it in parts."))
        try:
            # NUL characters mean nothing in BibTeX, and PostgreSQL text columns refuse them.
            text = upload.read().decode("utf-8-sig").replace("\x00", "")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as UTF-8 and upload it again.")
            ) from error
        total = count_entries(text)
        if not total:
            raise forms.ValidationError(_("No BibTeX entry (such as @article{…}) was found."))
        self.text, self.total = text, total
        return upload


def upload(request):
    _require_import_permission(request)
    form = BibtexUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication_index()
        except NoPublicationIndex:
            messages.error(request, _("Create a publication index page before importing."))
            return redirect("publications_import:upload")
        ImportBatch.objects.filter(created_at__lt=timezone.now() - KEEP_BATCHES_FOR).delete()
        batch = ImportBatch.objects.create(
            file_name=form.cleaned_data["bibtex_file"].name[:255],
            content=form.text,
            total=form.total,
            uploaded_by=request.user,
        )
        analyse_chunk(batch, ANALYSE_CHUNK)
        return redirect("publications_import:batch", batch.pk)
    recent = ImportBatch.objects.filter(uploaded_by=request.user).only(
        "pk", "file_name", "created_at", "stage", "total"
    )[:10]
    return TemplateResponse(
        request,
        "publications/admin/import_upload.html",
        {"form": form, "recent": recent, "page_title": _("Import publications from BibTeX")},
    )


def _batch(request, pk):
    _require_import_permission(request)
    return get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)


def batch_detail(request, pk):
    batch = _batch(request, pk)
    data = (
        batch.result if batch.stage in (batch.Stage.IMPORTING, batch.Stage.DONE) else batch.preview
    )
    errors = sorted(data.get("errors", []), key=lambda error: error["line"])
    counts = data.get("counts", {})
    valid = batch.total - len(batch.preview.get("errors", []))
    return TemplateResponse(
        request,
        "publications/admin/import_batch.html",
        {
            "batch": batch,
            "counts": counts,
            "errors": errors,
            "rows": data.get("rows", []),
            "shown_rows": len(data.get("rows", [])),
            "processed": data.get("processed", 0),
            "valid_count": valid,
            "percent": batch.position * 100 // batch.total if batch.total else 100,
            "page_title": _("Import of %(file)s") % {"file": batch.file_name},
        },
    )


@require_POST
def analyse(request, pk):
    batch = _batch(request, pk)
    if batch.stage == batch.Stage.ANALYSING:
        analyse_chunk(batch, ANALYSE_CHUNK)
    return redirect("publications_import:batch", batch.pk)


@require_POST
def run_import(request, pk):
    batch = _batch(request, pk)
    if batch.stage == batch.Stage.READY:
        has_errors = bool(batch.preview.get("errors"))
        if has_errors and request.POST.get("valid_only") != "1":
            messages.error(
                request,
                _("This file has errors: fix them, or choose to import only the valid entries."),
            )
            return redirect("publications_import:batch", batch.pk)
        batch.valid_only = has_errors
        batch.stage = batch.Stage.IMPORTING
        batch.position = 0
        batch.save(update_fields=["valid_only", "stage", "position"])
    if batch.stage == batch.Stage.IMPORTING:
        try:
            import_chunk(batch, IMPORT_CHUNK)
        except NoPublicationIndex:
            messages.error(request, _("Create a publication index page before importing."))
            return redirect("publications_import:batch", batch.pk)
        if batch.stage == batch.Stage.DONE:
            counts = batch.result.get("counts", {})
            batch.content = ""
            batch.save(update_fields=["content"])
            messages.success(
                request,
                _(
                    "Imported %(file)s: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "file": batch.file_name,
                    "created": counts.get("created", 0),
                    "updated": counts.get("updated", 0),
                    "unchanged": counts.get("unchanged", 0),
                },
            )
    return redirect("publications_import:batch", batch.pk)


@require_POST
def cancel(request, pk):
    batch = _batch(request, pk)
    if batch.stage in (batch.Stage.ANALYSING, batch.Stage.READY):
        batch.stage = batch.Stage.CANCELLED
        batch.content = ""
        batch.save(update_fields=["stage", "content"])
        messages.info(request, _("Import cancelled: nothing was written."))
    return redirect(reverse("publications_import:upload"))


# API tokens


class TokenCreateForm(forms.ModelForm):
    class Meta:
        model = IngestToken
        fields = ["name"]


class TokenIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "name", label=_("Name"), get_url=self.get_edit_url
            ),
            Column("prefix", label=_("Token starts with")),
            Column("created_at", label=_("Created")),
            Column("last_used_at", label=_("Last used")),
            Column("revoked_at", label=_("Revoked")),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        delete_url = self.get_delete_url(instance)
        for button in buttons:
            if delete_url and button.url == delete_url:
                button.label = _("Revoke")
        return buttons


class TokenCreateView(generic.CreateView):
    def form_valid(self, form):
        self.object, plaintext = IngestToken.create_token(
            form.cleaned_data["name"], user=self.request.user
        )
        log(self.object, "wagtail.create", user=self.request.user)
        context = self.get_context_data(token=plaintext)
        context["page_title"] = context["header_title"] = _("Token created")
        return TemplateResponse(self.request, "publications/admin/token_created.html", context)


class TokenRevokeView(generic.DeleteView):
    """Revoking keeps the row, so the token's history stays readable."""

    page_title = _("Revoke")
    template_name = "publications/admin/token_confirm_revoke.html"

    @property
    def confirmation_message(self):
        return _("Revoke this token? The pipeline using it will get 401 errors from now on.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_active:
            self.object.revoke()
            log(self.object, "wagtail.edit", user=request.user)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": self.object.name})
        return redirect(self.get_success_url())


class IngestTokenViewSet(ModelViewSet):
    model = IngestToken
    name = "publication_tokens"
    url_prefix = "publications/tokens"
    icon = "key"
    menu_label = _("Ingestion API tokens")
    menu_name = "publication_api_tokens"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name"]
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    delete_view_class = TokenRevokeView

    def get_form_class(self, for_update=False):
        return TokenCreateForm
