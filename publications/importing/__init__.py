"""How papers come in (BibTeX and RIS out: ../export.py): the pipeline's JSON API and BibTeX files, matched to the pages already
there and written in bulk, then indexed for search; and BibTeX out.

records        the common shape of a paper, whichever way it arrives
pipeline       the pipeline's JSON papers as records; api, the view that receives them
bibtex_read    BibTeX files as records (bibtex_entry: one entry's fields; latex: its text)
bibtex_import  a whole BibTeX file, or an admin upload a chunk at a time, into pages
matching       who is who (authors to profiles) and which research topic is which
upsert         records compared with the pages already there; writing: the bulk INSERTs
indexing       search indexing, deferred and in bulk (the PostgreSQL rows: ../search_index.py)

Each finished import sends `mila.signals.import_finished` (the editorial dashboard lists it,
the page cache is purged).
"""
