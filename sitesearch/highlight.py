"""Result snippets: a window of the text around the first match, the matches marked."""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from mila.text import fold

WORD = re.compile(r"\w+")


def query_terms(query):
    return [fold(term) for term in WORD.findall(query) if len(term) > 1 or term.isdigit()]


def _matches(word, terms):
    folded = fold(word)
    return any(term in folded for term in terms)


def snippet(text, query, width=36, before=12):
    """`width` words of `text` around the first word matching the query, matches in <mark>."""
    words = text.split()
    if not words:
        return ""
    terms = query_terms(query)
    first = next((i for i, word in enumerate(words) if terms and _matches(word, terms)), 0)
    start = max(0, first - before) if first else 0
    shown = words[start : start + width]
    pieces = [
        format_html("<mark>{}</mark>", word) if _matches(word, terms) else conditional_escape(word)
        for word in shown
    ]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(words) else ""
    return mark_safe(prefix + " ".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
