"""Copy the English text into the French fields that are empty, never over existing French."""

from .fields import SOURCE, STREAM, TARGET, is_empty, translated_fields
from .status import latest_version
from .streams import raw_stream


def _copy(translated, value):
    if translated.kind == STREAM:
        # Same blocks with the same ids: the XLIFF export then pairs English and French texts.
        return raw_stream(value)
    return value


def fill_french_from_english(page):
    """The page's latest version with empty French fields filled, and the names of those fields."""
    version = latest_version(page)
    filled = []
    for translated in translated_fields(type(version)):
        objects = translated.objects(version)
        changed = False
        for obj in objects:
            english = getattr(obj, translated.column(SOURCE))
            french = getattr(obj, translated.column(TARGET))
            if is_empty(english) or not is_empty(french):
                continue
            setattr(obj, translated.column(TARGET), _copy(translated, english))
            changed = True
        if changed:
            if translated.relation:
                setattr(version, translated.relation, objects)
            filled.append(translated.name)
    return version, filled
