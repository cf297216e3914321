"""Content signals: apps send them, the kernel (and other apps) receive them.

They live in the kernel so that a receiver never imports the app that sends: the page cache
purges after an import without knowing which app imports, and the editorial dashboard records
imports without importing the publications app.
"""

from django.dispatch import Signal

# Sent once per finished import (BibTeX file or pipeline request), whether or not it wrote
# anything. Arguments: source ("bibtex" or "api"), label (file or token name), user, imported
# (False when errors stopped the import), counts ({action: number}), errors (reasons as text).
import_finished = Signal()

# Sent when rows changed that visitors see on pages, by a path that sends no model signal per
# row (an import's bulk writes). Arguments: pages, the live pages that list the changed rows
# (their URLs and their ancestors' are purged from a CDN; the page cache drops everything).
content_changed = Signal()

# Content whose derived values have their own generation (`remembered(..., depends_on=...)`,
# `mila.cache.purge_content`): kept across other pages' publishes. The papers: the publication
# list's counts and choices, the home page's papers per year (purged by publications/signals.py).
PUBLICATIONS = "publications"
