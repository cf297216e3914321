from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialStatus(models.Model):
    """What the editorial checks found in a page's latest version.

    Kept up to date when a page or one of its revisions is saved (see signals.py), so that the
    report, the explorer filter and the dashboard are plain queries. `field_changes` holds, for
    each translated field and language, when a revision last changed it; `out_of_step` which
    language of a field may be out of date (see status.py).
    """

    is_content = False  # editors' bookkeeping, saved with every draft

    # Derived bookkeeping, not content: it must not count as a "usage" of pages or users.
    wagtail_reference_index_ignore = True

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="editorial_status",
        verbose_name=_("page"),
    )
    missing_fr = models.JSONField(default=list, blank=True)
    missing_en = models.JSONField(default=list, blank=True)
    outdated_fr = models.JSONField(default=list, blank=True)
    outdated_en = models.JSONField(default=list, blank=True)
    # Flags duplicate the lists so that filters and counts stay simple, indexable queries.
    french_missing = models.BooleanField(_("missing in French"), default=False, db_index=True)
    english_missing = models.BooleanField(_("missing in English"), default=False, db_index=True)
    french_outdated = models.BooleanField(
        _("French may be out of date"), default=False, db_index=True
    )
    english_outdated = models.BooleanField(
        _("English may be out of date"), default=False, db_index=True
    )
    field_changes = models.JSONField(default=dict, blank=True)
    # {field name: "fr" or "en"}: the language that may be out of date, per field.
    out_of_step = models.JSONField(default=dict, blank=True)
    last_revision_id = models.BigIntegerField(null=True, blank=True)
    internal_links = models.JSONField(default=list, blank=True)
    has_internal_links = models.BooleanField(default=False, db_index=True)
    last_edited_at = models.DateTimeField(_("last edited"), null=True, db_index=True)
    checked_at = models.DateTimeField(_("checked"), auto_now=True)

    class Meta:
        verbose_name = _("editorial status")
        verbose_name_plural = _("editorial statuses")
        permissions = [
            ("view_editorial_tools", _("Can see translation status and the editorial dashboard"))
        ]

    def __str__(self):
        return str(self.page)

    @property
    def needs_translation(self):
        return self.french_missing or self.english_missing


class ImportRun(models.Model):
    """One publication import (BibTeX file or pipeline request), for the dashboard."""

    is_content = False  # the dashboard's record of an import

    class Source(models.TextChoices):
        BIBTEX = "bibtex", _("BibTeX import")
        API = "api", _("Pipeline ingestion")

    wagtail_reference_index_ignore = True

    source = models.CharField(_("source"), max_length=20, choices=Source)
    label = models.CharField(_("file or token"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True, db_index=True)
    imported = models.BooleanField(_("imported"), default=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("first errors"), default=list, blank=True)

    class Meta:
        ordering = ["-finished_at", "-pk"]
        verbose_name = _("publication import")
        verbose_name_plural = _("publication imports")

    def __str__(self):
        return f"{self.get_source_display()} {self.label}".strip()


class TranslationUpload(models.Model):
    """An uploaded XLIFF file, kept between its preview and the editor's confirmation.

    Kept in the database rather than re-posted by the browser: a section's file can be larger
    than Django's limit on form fields, and any app server can take the confirmation.
    """

    is_content = False  # an upload waiting for confirmation

    wagtail_reference_index_ignore = True

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    content = models.TextField()
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("translation upload")
        verbose_name_plural = _("translation uploads")

    def __str__(self):
        return self.file_name
