"""The text inside StreamField data: found by walking the block definitions with the raw data."""

from wagtail import blocks

from .fields import RICH, TEXT


def _leaf_kind(block):
    if isinstance(block, blocks.RichTextBlock):
        return RICH
    # URL, email and choice blocks are FieldBlocks too, but not CharBlock/TextBlock.
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return TEXT
    return None


def map_text(block, raw, function, path=()):
    """A copy of `raw` where each text leaf is replaced by `function(path, kind, text)`."""
    if isinstance(block, blocks.StreamBlock):
        items = []
        for position, item in enumerate(raw or []):
            child = block.child_blocks.get(item.get("type"))
            key = item.get("id") or f"#{position}"
            value = item.get("value")
            if child is not None:
                value = map_text(child, value, function, (*path, key))
            items.append({**item, "value": value})
        return items
    if isinstance(block, blocks.ListBlock):
        items = []
        for position, item in enumerate(raw or []):
            if isinstance(item, dict) and item.get("type") == "item":
                key = item.get("id") or f"#{position}"
                value = map_text(block.child_block, item.get("value"), function, (*path, key))
                items.append({**item, "value": value})
            else:
                items.append(map_text(block.child_block, item, function, (*path, f"#{position}")))
        return items
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return raw
        return {
            name: (
                map_text(block.child_blocks[name], value, function, (*path, name))
                if name in block.child_blocks
                else value
            )
            for name, value in raw.items()
        }
    kind = _leaf_kind(block)
    if kind and isinstance(raw, str) and raw.strip():
        return function(path, kind, raw)
    return raw


def text_leaves(block, raw):
    """[(path, kind, text)] for every non-empty text in raw stream data."""
    found = []

    def collect(path, kind, text):
        found.append(("/".join(path), kind, text))
        return text

    map_text(block, raw, collect)
    return found


def raw_stream(value):
    """The raw (JSON-ready) list behind a StreamValue, or [] for an empty field."""
    if not value:
        return []
    return value.get_prep_value()
