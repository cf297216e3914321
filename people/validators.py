import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits):
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value):
    if not ORCID_PATTERN.match(value):
        raise ValidationError(
            _("Enter an ORCID iD like 0000-0002-1825-0097 (four groups of four characters)."),
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:-1]) != digits[-1]:
        raise ValidationError(
            _("This ORCID iD is not valid: its last character (checksum) does not match."),
            code="orcid_checksum",
        )


def validate_github_username(value):
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", value):
        raise ValidationError(
            _("Enter a GitHub username (letters, digits and single hyphens), not a URL."),
            code="github",
        )


def validate_openreview_id(value):
    if not re.fullmatch(r"~[^\s~]+\d+", value):
        raise ValidationError(
            _("Enter an OpenReview profile id like ~Amelie_Tremblay1."), code="openreview"
        )


def validate_semantic_scholar_id(value):
    if not value.isdigit():
        raise ValidationError(_("A Semantic Scholar author id is made of digits only."))


def validate_google_scholar_url(value):
    if not re.match(r"^https://scholar\.google\.[a-z.]+/citations\?", value):
        raise ValidationError(
            _(
                "Enter the address of a Google Scholar profile (https://scholar.google.com/citations?user=…)."
            )
        )
