"""BibTeX import: the command, the admin view and the demo file."""

import io
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from publications import search_index
from publications.importing.bibtex_import import import_bibtex
from publications.models import Authorship, ImportBatch, PublicationPage
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db

ACCENTS = r"""
@string{neurips = "Advances in Neural Information Processing Systems"}

@inproceedings{belanger2099accents,
  author    = {B{\'e}langer, Fran{\c{c}}ois and Sch{\"a}fer, Julia and {\O}degaard, Jonas},
  title     = {Apprentissage {\`a} la Montr{\'e}alaise: {Qu{\'e}bec} Models for {LaTeX} Users},
  booktitle = neurips,
  volume    = {99},
  pages     = {101--117},
  year      = {2099},
  month     = oct,
  url       = {https://doi.org/10.5555/Test.Accents.2099},
  abstract  = {We bound regret by $\mathcal{O}(\sqrt{T})$ in {\'e}t{\'e}.}
}

@article{lavoie2099others,
  author  = {Lavoie, Maxime and Tremblay, Am{\'e}lie and others},
  title   = {A Paper With Many Authors},
  journal = {Journal of Examples},
  year    = 2099,
}

@misc{sparse2099minimal,
  title = {Only a Title and a Year},
  year  = {2099}
}
"""

MALFORMED = r"""
@article{good2099one,
  author = {Roy, Jérémie},
  title  = {A Perfectly Fine Entry},
  journal = {Journal of Examples},
  year   = {2099}
}

@article{broken2099comma,
  author = {Roy, Jérémie}
  title  = {A Missing Comma},
  year   = {2099}
}

@article{noyear2099,
  title = {An Entry Without a Year},
}
"""


def run_import(text, *args):
    out, err = io.StringIO(), io.StringIO()
    with tempfile.NamedTemporaryFile("w", suffix=".bib", encoding="utf-8") as bib_file:
        bib_file.write(text)
        bib_file.flush()
        call_command("import_bibtex", bib_file.name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_demo_file_is_imported_by_load_demo():
    assert PublicationPage.objects.live().filter(bibtex_key__gt="").count() == 43
    sparse = PublicationPage.objects.get(bibtex_key="tremblay2025sparse")
    assert [author.name for author in sparse.authors.all()] == [
        "Amélie Tremblay",
        "Jonas K. Ødegaard",
    ]
    # The profile exists in the demo directory, so the author is linked to it.
    assert sparse.authors.first().person.slug_en == "tremblay-amelie"
    assert sparse.venue_name == "International Conference on Learning Representations"


def test_accents_braces_macros_months_and_dois_in_urls():
    out, _err = run_import(ACCENTS)
    assert "3 created" in out
    paper = PublicationPage.objects.get(bibtex_key="belanger2099accents")
    assert paper.title == "Apprentissage à la Montréalaise: Québec Models for LaTeX Users"
    assert [a.name for a in paper.authors.all()] == [
        "François Bélanger",
        "Julia Schäfer",
        "Jonas Ødegaard",
    ]
    assert paper.venue_name == "Advances in Neural Information Processing Systems"
    assert paper.venue_type == "conference"
    assert paper.pages == "101–117"
    assert (paper.publication_date.isoformat(), paper.date_precision) == ("2099-10-01", 2)
    assert paper.doi == "10.5555/Test.Accents.2099"
    assert paper.official_url == ""
    # Mathematics is kept as written; accents around it are converted.
    assert paper.abstract == r"We bound regret by $\mathcal{O}(\sqrt{T})$ in été."


def test_and_others_is_not_an_author_but_an_et_al(client):
    run_import(ACCENTS)
    paper = PublicationPage.objects.get(bibtex_key="lavoie2099others")
    assert [a.name for a in paper.authors.all()] == ["Maxime Lavoie", "Amélie Tremblay"]
    assert paper.authors_truncated
    content = client.get(paper.url).content.decode()
    assert "et al." in content
    assert "and others" in client.get(paper.url + "bibtex/").content.decode()


def test_missing_optional_fields_are_fine():
    run_import(ACCENTS)
    paper = PublicationPage.objects.get(bibtex_key="sparse2099minimal")
    assert (paper.publication_date.isoformat(), paper.date_precision) == ("2099-01-01", 1)
    assert paper.authors.count() == 0
    assert paper.venue_type == "other"


def test_a_malformed_entry_imports_nothing_and_names_the_entry():
    before = Page.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported: 2 entries have errors"):
        run_import(MALFORMED)
    assert Page.objects.count() == before
    assert not PublicationPage.objects.filter(bibtex_key="good2099one").exists()


def test_error_messages_give_the_key_the_line_and_the_reason():
    report = import_bibtex(MALFORMED)
    messages = sorted(str(error) for error in report.errors)
    assert messages == [
        "Entry broken2099comma at line 9: it could not be read: check the commas between "
        "fields and the braces or quotes around each value",
        "Entry noyear2099 at line 15: the year is missing",
    ]
    assert not report.imported


SYNTAX = r"""
@STRING{ jmlr = "Journal of Machine Learning Research" }
@string{jmlrfull = jmlr # " (JMLR)"}
@Article{upper2099,
  Author = {Doe, John and {Barnes and Noble}},
  TITLE = "A {Quoted} Title with {"}inner{"} quotes",
  Journal = jmlrfull,
  Year = 2099,
  Month = {June},
}
@inproceedings(paren2099,
  title = {Parenthesised
           entry over
      lines},
  booktitle = {Proc. of } # "the " # {Conf},
  year = {2099},
  month = dec
)
@misc{undefined2099,
  title = {Uses an unknown abbreviation},
  howpublished = nomacro,
  year = 2099
}
"""


def test_bibtex_syntax_variants_and_an_undefined_abbreviation():
    report = import_bibtex(SYNTAX, valid_only=True)
    assert [str(error) for error in report.errors] == [
        "Entry undefined2099 at line 19: it uses the abbreviation “nomacro”, which no @string "
        "defines"
    ]
    upper = PublicationPage.objects.get(bibtex_key="upper2099")
    assert upper.title == 'A Quoted Title with "inner" quotes'
    assert upper.venue_name == "Journal of Machine Learning Research (JMLR)"
    assert [a.name for a in upper.authors.all()] == ["John Doe", "Barnes and Noble"]
    assert (upper.publication_date.isoformat(), upper.date_precision) == ("2099-06-01", 2)
    paren = PublicationPage.objects.get(bibtex_key="paren2099")
    assert (paren.title, paren.venue_name) == (
        "Parenthesised entry over lines",
        "Proc. of the Conf",
    )
    assert paren.publication_date.isoformat() == "2099-12-01"


def test_valid_only_imports_the_good_entries():
    out, err = run_import(MALFORMED, "--valid-only")
    assert "Imported: 1 created" in out
    assert "broken2099comma" in err
    assert PublicationPage.objects.filter(bibtex_key="good2099one").exists()


def test_reimporting_the_same_file_creates_no_duplicates_and_updates_changes():
    run_import(ACCENTS)
    count = PublicationPage.objects.count()
    out, _err = run_import(ACCENTS.replace("{99}", "{100}"))
    assert "0 created, 1 updated, 2 unchanged" in out
    assert PublicationPage.objects.count() == count
    assert PublicationPage.objects.get(bibtex_key="belanger2099accents").volume == "100"


def test_duplicates_are_found_by_doi_arxiv_or_title_and_year():
    existing = PublicationPage.objects.get(bibtex_key="tremblay2025sparse")
    renamed = r"""
@misc{other2025key,
  author = {Tremblay, Amélie},
  title  = {A Different Title for the Same Paper},
  year   = {2025},
  doi    = {10.48550/ARXIV.2410.00001},
}
@misc{other2023title,
  title  = {Learning Which Mistakes Matter: Counterfactual Credit in Sparse-Reward Navigation!},
  year   = {2023},
}
"""
    report = import_bibtex(renamed)
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 2
    existing.refresh_from_db()
    assert existing.title == "A Different Title for the Same Paper"


def test_dry_run_writes_nothing():
    before = (Page.objects.count(), Authorship.objects.count())
    out, _err = run_import(ACCENTS, "--dry-run")
    assert "Dry run, nothing was written. It would give: 3 created" in out
    assert (Page.objects.count(), Authorship.objects.count()) == before


def test_the_tree_stays_consistent_after_a_bulk_import():
    run_import(ACCENTS)
    assert Page.find_problems() == ([], [], [], [], [])
    index = PublicationPage.objects.get(bibtex_key="sparse2099minimal").get_parent()
    assert index.numchild == index.get_children().count()


def test_progress_is_reported_for_large_files():
    entries = "\n".join(
        f"@misc{{bulk{n}, title = {{Bulk Paper Number {n}}}, year = {{2001}}}}" for n in range(1200)
    )
    _out, err = run_import(entries, "--dry-run")
    assert "200/1200 entries (16 %)…" in err
    assert err.strip().endswith("1200/1200 entries (100 %)…")


def test_parsing_in_worker_processes_gives_the_same_result():
    entries = ACCENTS + "\n".join(
        f"@misc{{par{n}, title = {{Parallel Paper {n}}}, year = {{2003}}}}" for n in range(450)
    )
    out, _err = run_import(entries + MALFORMED, "--workers", "1", "--valid-only")
    assert (
        "Imported: 454 created, 0 updated, 0 unchanged, 0 skipped as duplicates, 2 with errors."
        in out
    )
    paper = PublicationPage.objects.get(bibtex_key="belanger2099accents")
    assert paper.title == "Apprentissage à la Montréalaise: Québec Models for LaTeX Users"


def test_unreadable_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read /nonexistent.bib"):
        call_command("import_bibtex", "/nonexistent.bib")


# Admin view


@pytest.fixture
def communications_user(client):
    user = UserFactory(groups=["Communications"])
    client.force_login(user)
    return user


def upload(client, text, name="papers.bib"):
    return client.post(
        "/admin/publications/import/",
        {"bibtex_file": SimpleUploadedFile(name, text.encode())},
        follow=True,
    )


def test_admin_import_shows_a_preview_then_imports_on_confirmation(client, communications_user):
    response = upload(client, ACCENTS)
    content = response.content.decode()
    assert response.status_code == 200
    assert "3 publications created" in content
    assert "Apprentissage à la Montréalaise" in content
    assert not PublicationPage.objects.filter(bibtex_key="belanger2099accents").exists()

    batch = ImportBatch.objects.get(uploaded_by=communications_user)
    response = client.post(f"/admin/publications/import/{batch.pk}/import/", follow=True)
    assert "Imported papers.bib: 3 created, 0 updated, 0 unchanged." in response.content.decode()
    assert PublicationPage.objects.filter(bibtex_key="belanger2099accents").exists()


def test_admin_import_with_errors_needs_an_explicit_choice(client, communications_user):
    content = upload(client, MALFORMED).content.decode()
    assert "2 entries have errors." in content
    assert "broken2099comma" in content and "the year is missing" in content
    batch = ImportBatch.objects.get(uploaded_by=communications_user)

    content = client.post(f"/admin/publications/import/{batch.pk}/import/", follow=True)
    assert "This file has errors" in content.content.decode()
    assert not PublicationPage.objects.filter(bibtex_key="good2099one").exists()

    client.post(f"/admin/publications/import/{batch.pk}/import/", {"valid_only": "1"})
    assert PublicationPage.objects.filter(bibtex_key="good2099one").exists()


def test_admin_import_of_a_large_file_goes_chunk_by_chunk(client, communications_user):
    entries = "\n".join(
        f"@misc{{chunk{n}, title = {{Chunked Paper {n}}}, year = {{2002}}}}" for n in range(700)
    )
    content = upload(client, entries).content.decode()
    assert "500 of 700 entries" in content
    assert "data-publications-autosubmit" in content
    batch = ImportBatch.objects.get(uploaded_by=communications_user)
    content = client.post(f"/admin/publications/import/{batch.pk}/analyse/", follow=True)
    assert "700 publications created" in content.content.decode()
    client.post(f"/admin/publications/import/{batch.pk}/import/")
    client.post(f"/admin/publications/import/{batch.pk}/import/")
    batch.refresh_from_db()
    assert batch.stage == "importing" and batch.position == 600
    client.post(f"/admin/publications/import/{batch.pk}/import/")
    batch.refresh_from_db()
    assert batch.stage == "done"
    assert PublicationPage.objects.filter(title__startswith="Chunked Paper").count() == 700


def test_admin_upload_rejects_a_file_that_is_not_utf8(client, communications_user):
    response = client.post(
        "/admin/publications/import/",
        {
            "bibtex_file": SimpleUploadedFile(
                "latin1.bib", "@misc{x, title={Été}}".encode("latin-1")
            )
        },
    )
    assert "The file is not UTF-8 text" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_faculty_cannot_import(client):
    person = make_person()
    user = UserFactory(groups=["Faculty"])
    person.account = user
    person.save()
    client.force_login(user)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    response = client.get("/admin/publications/import/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    response = client.post(
        "/admin/publications/import/",
        {"bibtex_file": SimpleUploadedFile("x.bib", b"@misc{a, title={T}, year={2001}}")},
    )
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()


def test_one_cannot_open_someone_elses_import(client, communications_user):
    other = UserFactory(groups=["Communications"])
    batch = ImportBatch.objects.create(file_name="x.bib", content="", uploaded_by=other)
    response = client.get(f"/admin/publications/import/{batch.pk}/", follow=True)
    assert response.status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search index")
def test_bulk_indexing_on_postgresql_writes_the_rows_wagtail_would():
    run_import(ACCENTS)
    pages = list(PublicationPage.objects.filter(bibtex_key__contains="2099").order_by("pk"))
    backend = get_search_backend()
    columns = "title::text, autocomplete::text, body::text, title_text, body_text"

    def rows():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, {columns} FROM {IndexEntry._meta.db_table} "  # noqa: S608
                "WHERE object_id = ANY(%s) ORDER BY object_id",
                [[str(page.pk) for page in pages]],
            )
            return cursor.fetchall()

    backend.add_bulk(PublicationPage, pages)
    wagtail_rows = rows()
    IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in pages]).delete()
    search_index.add_bulk(backend, PublicationPage, pages)
    assert rows() == wagtail_rows
    assert len(wagtail_rows) == 3
    assert "montréalais" in wagtail_rows[0][5].lower()
