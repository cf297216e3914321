"""Checks on translated rich text coming back from outside: well-formed, and the same links."""

from html.parser import HTMLParser

from django.utils.translation import gettext as _

from .links import links_in_html

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "b", "i", "strong", "em", "a", "ol", "ul", "li",
    "br", "embed", "hr", "sup", "sub", "code", "blockquote",
}  # fmt: skip
VOID_TAGS = {"br", "embed", "hr"}


class MarkupError(ValueError):
    pass


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problem = None

    def _fail(self, message):
        if self.problem is None:
            self.problem = message

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self._fail(_("the tag <%(tag)s> is not allowed") % {"tag": tag})
        elif tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self._fail(_("the tag <%(tag)s> is not allowed") % {"tag": tag})

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if not self.stack or self.stack[-1] != tag:
            self._fail(_("</%(tag)s> does not close the open tag") % {"tag": tag})
            return
        self.stack.pop()


def check_rich_text(source, target):
    """Raise MarkupError when `target` is broken HTML or links to things `source` does not."""
    checker = _Checker()
    checker.feed(target)
    checker.close()
    if checker.problem is None and checker.stack:
        checker.problem = _("<%(tag)s> is never closed") % {"tag": checker.stack[-1]}
    if checker.problem:
        raise MarkupError(checker.problem)
    extra = set(links_in_html(target)) - set(links_in_html(source))
    if extra:
        raise MarkupError(_("it links to pages, documents or images the English text does not"))
