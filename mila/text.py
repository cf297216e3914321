"""Text folding: one way to compare names and words without accents or case."""

import unicodedata


def fold(text):
    """Lower case without accents: "Joëlle Pineau" → "joelle pineau" (É sorts with E)."""
    if text.isascii():
        return text.lower().strip()  # the same, without decomposing: most words of a snippet
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower().strip()
