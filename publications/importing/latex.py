"""LaTeX in BibTeX values as Unicode text: accents, special letters, braces, dashes."""

import re
import unicodedata

from ..export import MATH
from .records import clean_text

ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
LETTERS = {
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}
# Escaped braces survive the removal of grouping braces under these private-use stand-ins.
PROTECTED = {"{": "\ue000", "}": "\ue001"}
# \'e  \'{e}  {\'e}  \c{c}  \c c  \'\i  \"{\i}
ACCENT = re.compile(
    r"\\(?:([`'^\"~=.])\s*|([uvHckrdb])(?:\s+|(?=\{)))"
    r"(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s?")
COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
ESCAPE = re.compile(r"\\([&%$#_{} ])")


def _accented(match):
    mark = ACCENTS[match.group(1) or match.group(2)]
    base = match.group(3) or match.group(4)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + mark)


def _latex_to_unicode(text):
    text = text.replace(r"\textbackslash{}", "\ue002").replace(r"\textbackslash", "\ue002")
    text = ACCENT.sub(_accented, text)
    text = LETTER.sub(lambda match: LETTERS[match.group(1)], text)
    # Formatting commands (\emph, \textbf, \url...) go; their argument stays.
    text = COMMAND.sub("", text)
    text = ESCAPE.sub(lambda match: PROTECTED.get(match.group(1), match.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("---", "—").replace("--", "–")
    return text.replace("\ue000", "{").replace("\ue001", "}").replace("\ue002", "\\")


def latex_text(value):
    """LaTeX accents and braces to Unicode (`{\\'e}` → é), leaving $math$ as it is."""
    value = clean_text(value)
    if "\\" not in value and "{" not in value and "~" not in value and "--" not in value:
        return value
    parts = MATH.split(value)
    for index in range(0, len(parts), 2):
        parts[index] = _latex_to_unicode(parts[index])
    return clean_text("".join(parts))
