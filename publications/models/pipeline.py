"""What the publication pipeline and the BibTeX import keep: API tokens and import batches."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IngestToken(models.Model):
    """A token the publication pipeline sends in `X-API-Token`; only its SHA-256 is stored."""

    is_content = False  # no page shows it (mila/cache/purge.py)

    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("Who or what uses this token.")
    )
    prefix = models.CharField(_("token starts with"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    TOKEN_PREFIX = "mila_pub_"  # noqa: S105 - a public format marker, not a secret

    class Meta:
        ordering = ["name"]
        verbose_name = _("ingestion API token")
        verbose_name_plural = _("ingestion API tokens")

    def __str__(self):
        return self.name

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def create_token(cls, name, user=None):
        """Create a token and return `(instance, plaintext)`; the plaintext is never stored."""
        plaintext = cls.TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            prefix=plaintext[: len(cls.TOKEN_PREFIX) + 4],
            token_hash=cls.hash(plaintext),
            created_by=user,
        )
        return token, plaintext

    @classmethod
    def authenticate(cls, plaintext):
        """The active token matching `plaintext`, or None. Compares digests in constant time."""
        if not plaintext or len(plaintext) > 200:
            return None
        digest = cls.hash(plaintext)
        candidates = cls.objects.filter(
            prefix=plaintext[: len(cls.TOKEN_PREFIX) + 4], revoked_at__isnull=True
        )
        match = None
        for candidate in candidates:
            if hmac.compare_digest(candidate.token_hash, digest):
                match = candidate
        if match:
            cls.objects.filter(pk=match.pk).update(last_used_at=timezone.now())
        return match

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class ImportBatch(models.Model):
    """An uploaded BibTeX file, analysed then imported a few hundred entries per request.

    Kept in the database (not the session or a local file) so that any app server can take
    the next step, and so that Communications can see who imported what.
    """

    is_content = False  # an import purges when it ends (mila.signals)

    class Stage(models.TextChoices):
        ANALYSING = "analysing", _("Checking the file")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    file_name = models.CharField(_("file"), max_length=255)
    content = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    stage = models.CharField(max_length=20, choices=Stage, default=Stage.ANALYSING)
    valid_only = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name
