"""How papers come in: the pipeline's JSON API and BibTeX files, matched to the pages already
there and written in bulk, then indexed for search; and BibTeX out.

records        the common shape of a paper, whichever way it arrives
pipeline       the pipeline's JSON papers as records; api, the view that receives them
bibtex_read    BibTeX files as records (bibtex_entry: one entry's fields; latex: its text)
bibtex_import  a whole BibTeX file, or an admin upload a chunk at a time, into pages
matching       who is who (authors to profiles) and which research topic is which
upsert         records compared with the pages already there; writing: the bulk INSERTs
indexing       search indexing, deferred and in bulk (postgres_index: the PostgreSQL rows)
bibtex_export  pages as BibTeX
"""

from django.dispatch import Signal

# Sent once per finished import (BibTeX file or pipeline request), so that the editorial
# dashboard can list it. Arguments: source ("bibtex" or "api"), label (file or token name),
# user, imported (False when errors stopped the import), counts ({action: number}), errors
# (reasons as text).
import_finished = Signal()
