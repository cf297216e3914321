"""Editors' tools: translation status, report, explorer filter, copy English, XLIFF, preview."""

import csv
import io
import uuid

import pytest
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from editorial.models import EditorialStatus
from pages.models import HomePage, StandardPage
from people.accounts import create_faculty_account
from tests.admin_forms import form_data
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def stream(*blocks):
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]


def make_page(parent=None, title="Research ethics", **fields):
    fields.setdefault("title_en", f"{title} {uuid.uuid4().hex[:6]}")
    fields.setdefault("title_fr", f"{fields['title_en']} (fr)")
    fields.setdefault("slug_en", slugify(fields["title_en"]))
    fields.setdefault("slug_fr", slugify(fields["title_fr"]))
    page = StandardPage(**fields)
    (parent or HomePage.objects.get()).add_child(instance=page)
    return StandardPage.objects.get(pk=page.pk)


def status_of(page):
    return EditorialStatus.objects.get(page_id=page.pk)


@pytest.fixture
def comms(client):
    client.force_login(
        UserFactory(username="comms-editorial@example.org", groups=["Communications"])
    )
    return client


@pytest.fixture
def faculty(client):
    profile = make_person(given_name="Fatou", family_name="Faculty")
    create_faculty_account(profile, "fatou@example.org", password=PASSWORD)
    client.login(username="fatou@example.org", password=PASSWORD)
    return client


def stream_form_data(page):
    """The StreamFields of the page as the editor's JavaScript would post them (paragraphs)."""
    data = {}
    for name in ("body_en", "body_fr"):
        blocks = list(getattr(page, name).raw_data)
        items = {
            str(position): {
                "type": "paragraph",
                "value": rich_text(block["value"]),
                "deleted": "",
                "order": str(position),
                "id": block["id"],
            }
            for position, block in enumerate(blocks)
        }
        items["count"] = str(len(blocks))
        data.update(nested_form_data({name: items}))
    return data


def edit(client, page, changes, action=None):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data.update(stream_form_data(page.get_latest_revision_as_object()))
    data.update(changes)
    if action:
        data[action] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


# Translation status


def test_missing_french_fields_are_listed_on_the_page(comms):
    page = make_page(
        intro_en="About our ethics board.",
        body_en=stream(("paragraph", "<p>English only.</p>")),
        search_description_en="Ethics at the institute",
    )
    status = status_of(page)
    assert set(status.missing_fr) == {"intro", "body", "search_description"}
    assert status.missing_en == [] and status.french_missing

    editor = comms.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Translation: 3 fields missing in French" in editor
    view = comms.get(f"/admin/editorial/pages/{page.pk}/translation/")
    html = view.content.decode()
    assert view.status_code == 200
    assert html.count("Missing in French") >= 3


def test_edit_in_english_only_marks_french_as_possibly_out_of_date(comms):
    page = make_page(
        intro_en="The board meets monthly.",
        intro_fr="Le comité se réunit chaque mois.",
        body_en=stream(("paragraph", "<p>Members.</p>")),
        body_fr=stream(("paragraph", "<p>Membres.</p>")),
    )
    assert not status_of(page).french_outdated

    edit(comms, page, {"intro_en": "The board meets every two weeks."})

    status = status_of(page)
    assert status.outdated_fr == ["intro"]
    assert status.outdated_en == [] and status.missing_fr == []
    html = comms.get(f"/admin/editorial/pages/{page.pk}/translation/").content.decode()
    assert "French may be out of date" in html

    # Translating the French brings it back in step (English is not flagged for it).
    edit(comms, page, {"intro_fr": "Le comité se réunit toutes les deux semaines."})
    status = status_of(page)
    assert status.outdated_fr == [] and status.outdated_en == []

    # A later change to the French alone flags the English.
    edit(comms, page, {"intro_fr": "Le comité se réunit aux deux semaines, en ligne."})
    assert status_of(page).outdated_en == ["intro"]


# The report and the explorer filter


@pytest.fixture
def section():
    """A section of its own with one page missing French and one only outdated in French."""
    root = make_page(title="Ethics section", intro_en="Section.", intro_fr="Section.")
    missing = make_page(root, title="Untranslated", intro_en="Only English here.")
    outdated = make_page(root, title="Drifted", intro_en="Both.", intro_fr="Les deux.")
    status = status_of(outdated)
    status.out_of_step = {"intro": "fr"}
    status.save()
    from editorial.status import refresh

    refresh(outdated)
    complete = make_page(root, title="Complete", intro_en="Done.", intro_fr="Fait.")
    return root, missing, outdated, complete


REPORT = "/admin/reports/translation-status/"


def test_report_lists_pages_by_language_and_problem(comms, section):
    root, missing, outdated, complete = section
    html = comms.get(REPORT, {"section": root.pk}).content.decode()
    assert missing.title_en in html and outdated.title_en in html
    assert complete.title_en not in html

    only_missing = comms.get(REPORT, {"section": root.pk, "language": "fr", "problem": "missing"})
    html = only_missing.content.decode()
    assert missing.title_en in html and outdated.title_en not in html

    english = comms.get(REPORT, {"section": root.pk, "language": "en"}).content.decode()
    assert missing.title_en not in english and outdated.title_en not in english

    other_type = comms.get(
        REPORT,
        {
            "section": root.pk,
            "page_type": Page.objects.get(pk=HomePage.objects.get().pk).content_type_id,
        },
    ).content.decode()
    assert missing.title_en not in other_type


def test_report_exports_csv_sorted_by_last_edit(comms, section):
    root, missing, outdated, _complete = section
    response = comms.get(
        REPORT, {"section": root.pk, "export": "csv", "ordering": "last_edited_at"}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_title = {row["Page"]: row for row in rows}
    assert by_title[missing.title_en]["Missing in French"] == "Introduction"
    assert by_title[outdated.title_en]["French may be out of date"] == "Introduction"
    assert by_title[missing.title_en]["Section"] == root.title_en
    assert [row["Page"] for row in rows] == [missing.title_en, outdated.title_en]
    newest_first = comms.get(REPORT, {"section": root.pk, "export": "csv"})
    content = b"".join(newest_first.streaming_content).decode("utf-8-sig")
    titles = [row["Page"] for row in csv.DictReader(io.StringIO(content))]
    assert titles == [outdated.title_en, missing.title_en]


def test_report_is_refused_to_faculty(faculty):
    response = faculty.get(REPORT)
    assert response.status_code in (302, 403)
    assert "Translation status" not in response.content.decode()


def test_explorer_filters_to_pages_missing_french(comms, section):
    root, missing, outdated, complete = section
    explorer = f"/admin/pages/{root.pk}/"
    deeper = make_page(complete, title="Nested", intro_en="Not yet in French.")
    everything = comms.get(explorer).content.decode()
    assert complete.title_en in everything and "Show pages missing French" in everything
    assert deeper.title_en not in everything  # one level down
    filtered = comms.get(explorer, {"translation": "missing-fr"}).content.decode()
    assert missing.title_en in filtered and deeper.title_en in filtered
    assert complete.title_en not in filtered and outdated.title_en not in filtered


# Copy English into empty French fields


def test_copy_english_fills_only_empty_french_fields(comms):
    page = make_page(
        intro_en="English introduction.",
        intro_fr="Introduction déjà traduite.",
        body_en=stream(
            ("heading", {"text": "Our mission", "level": "h2"}),
            ("paragraph", "<p>We <b>study</b> learning.</p>"),
        ),
        search_description_en="Mission statement",
    )
    response = comms.post(f"/admin/editorial/pages/{page.pk}/copy-english/", follow=True)
    assert "English text copied into 2 empty French field(s)" in response.content.decode()

    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.intro_fr == "Introduction déjà traduite."  # never overwritten
    assert draft.search_description_fr == "Mission statement"
    assert [block.block_type for block in draft.body_fr] == ["heading", "paragraph"]
    assert draft.body_fr[0].value["text"] == "Our mission"
    assert draft.body_fr[1].value.source == "<p>We <b>study</b> learning.</p>"
    assert draft.intro_en == "English introduction." and len(draft.body_en) == 2
    assert not StandardPage.objects.get(pk=page.pk).search_description_fr  # a draft only
    status = status_of(page)
    assert status.missing_fr == [] and status.outdated_en == []  # a first translation

    again = comms.post(f"/admin/editorial/pages/{page.pk}/copy-english/", follow=True)
    assert "nothing to copy" in again.content.decode()


def test_faculty_cannot_copy_into_a_page(faculty):
    page = make_page(intro_en="English.")
    response = faculty.post(f"/admin/editorial/pages/{page.pk}/copy-english/")
    assert response.status_code in (302, 403)
    assert StandardPage.objects.get(pk=page.pk).latest_revision_id is None


# XLIFF export and import


NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def translate_file(content, translations):
    """Fill each <target> whose <source> is a key of `translations` (as a translator would)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", NS["x"])
    root = ET.fromstring(content)
    for unit in root.iter(f"{{{NS['x']}}}trans-unit"):
        source = unit.find("x:source", NS).text
        if source in translations:
            unit.find("x:target", NS).text = translations[source]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def upload(client, page, content, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/admin/editorial/pages/{page.pk}/xliff/import/",
        {"xliff_file": SimpleUploadedFile("page.xlf", content), **extra},
        follow=True,
    )


def confirm_import(client, page, preview):
    """Press "Import the French text" on the preview page."""
    data = form_data(preview.content.decode(), "xliff-confirm")
    assert data["confirm"] == "1" and data["upload"]
    return client.post(f"/admin/editorial/pages/{page.pk}/xliff/import/", data, follow=True)


@pytest.fixture
def english_page():
    return make_page(
        title="Open science",
        intro_en="We share our code.",
        body_en=stream(
            ("heading", {"text": "Principles", "level": "h2"}),
            ("paragraph", "<p>Open <b>by default</b>.</p>"),
        ),
        search_description_en="Open science at the institute",
    )


FRENCH = {
    "We share our code.": "Nous partageons notre code.",
    "Principles": "Principes",
    "<p>Open <b>by default</b>.</p>": "<p>Ouverte <b>par défaut</b>.</p>",
    "Open science at the institute": "La science ouverte à l’institut",
}


def test_xliff_round_trip_changes_exactly_the_french_fields(comms, english_page):
    page = english_page
    exported = comms.get(f"/admin/editorial/pages/{page.pk}/xliff/")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('.en-fr.xlf"')
    assert b"We share our code." in exported.content
    before = StandardPage.objects.get(pk=page.pk)
    translated = translate_file(exported.content, FRENCH)

    preview = upload(comms, page, translated)
    html = preview.content.decode()
    assert "Importing this file changes 3 French fields" in html
    assert "Nous partageons notre code." in html
    assert StandardPage.objects.get(pk=page.pk).latest_revision_id is None  # nothing saved yet

    confirm = confirm_import(comms, page, preview)
    assert "3 French field(s) updated" in confirm.content.decode()
    from editorial.models import TranslationUpload

    assert not TranslationUpload.objects.filter(page=page).exists()
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.intro_fr == "Nous partageons notre code."
    assert draft.search_description_fr == "La science ouverte à l’institut"
    assert draft.body_fr[0].value["text"] == "Principes"
    assert draft.body_fr[1].value.source == "<p>Ouverte <b>par défaut</b>.</p>"
    # English and everything else untouched.
    for name in ("title_en", "title_fr", "slug_en", "slug_fr", "intro_en", "search_description_en"):
        assert getattr(draft, name) == getattr(before, name)
    assert draft.body_en.raw_data[:] == before.body_en.raw_data[:]
    assert status_of(page).missing_fr == []

    # The same file again changes nothing.
    again = upload(
        comms,
        page,
        translate_file(comms.get(f"/admin/editorial/pages/{page.pk}/xliff/").content, {}),
    )
    assert "This file changes nothing" in again.content.decode()


def test_section_export_covers_subpages(comms, english_page):
    child = make_page(english_page, title="Datasets", intro_en="Our datasets.")
    content = comms.get(
        f"/admin/editorial/pages/{english_page.pk}/xliff/", {"section": "1"}
    ).content
    assert f'original="page-{english_page.pk}"'.encode() in content
    assert f'original="page-{child.pk}"'.encode() in content
    translated = translate_file(content, {**FRENCH, "Our datasets.": "Nos jeux de données."})
    confirm_import(comms, english_page, upload(comms, english_page, translated))
    assert StandardPage.objects.get(pk=child.pk).get_latest_revision_as_object().intro_fr == (
        "Nos jeux de données."
    )


def test_file_for_another_page_is_refused(comms, english_page):
    other = make_page(title="Another page", intro_en="Something else.")
    content = translate_file(
        comms.get(f"/admin/editorial/pages/{english_page.pk}/xliff/").content, FRENCH
    )
    response = upload(comms, other, content)
    html = response.content.decode()
    assert "The file was refused" in html and english_page.title_en in html
    assert StandardPage.objects.get(pk=other.pk).latest_revision_id is None
    assert StandardPage.objects.get(pk=english_page.pk).latest_revision_id is None


def test_broken_markup_is_refused(comms, english_page):
    content = comms.get(f"/admin/editorial/pages/{english_page.pk}/xliff/").content
    broken = translate_file(
        content, {**FRENCH, "<p>Open <b>by default</b>.</p>": "<p>Ouverte <b>par défaut.</p>"}
    )
    response = upload(comms, english_page, broken, confirm="1")
    html = response.content.decode()
    assert "The file was refused" in html and "broken markup" in html
    assert StandardPage.objects.get(pk=english_page.pk).latest_revision_id is None

    not_xml = upload(comms, english_page, content.replace(b"</xliff>", b""))
    assert "not well-formed XML" in not_xml.content.decode()


# Dashboard


PANEL_HEADINGS = (
    "Profile changes waiting for review",
    "Pages missing translations",
    "Scheduled in the next 14 days",
    "Latest publication imports",
    "Broken internal links",
)


def count_in(html, name):
    import re

    match = re.search(rf'data-editorial-count="{name}">\s*(\d+)', html)
    assert match, f"no {name} count on the dashboard"
    return int(match.group(1))


def test_dashboard_panels_count_what_communications_must_handle(client):
    import datetime
    import json

    from django.test import Client
    from django.utils import timezone

    from editorial.models import ImportRun
    from publications.models import IngestToken
    from tests.publications.test_publications_api import EXAMPLE

    comms = Client()
    comms.force_login(
        UserFactory(username="comms-dashboard@example.org", groups=["Communications"])
    )
    before = comms.get("/admin/").content.decode()
    for heading in PANEL_HEADINGS:
        assert heading in before

    # A faculty member submits their profile.
    profile = make_person(
        given_name="Rémi", family_name="Reviewed", bio_en="<p>Bio.</p>", bio_fr="<p>Bio.</p>"
    )
    create_faculty_account(profile, "remi@example.org", password=PASSWORD)
    client.login(username="remi@example.org", password=PASSWORD)
    data = form_data(client.get(f"/admin/pages/{profile.pk}/edit/").content.decode())
    data.update({"bio_en": rich_text("<p>New bio.</p>"), "action-submit": "1"})
    assert client.post(f"/admin/pages/{profile.pk}/edit/", data).status_code == 302

    # A page missing French; one going live in five days and one expiring in three.
    make_page(title="No French yet", intro_en="English only.")
    later = make_page(title="Launch", intro_en="Soon.", intro_fr="Bientôt.")
    later.go_live_at = timezone.now() + datetime.timedelta(days=5)
    later.save_revision().publish()
    expiring = make_page(title="Call for papers", intro_en="Closes.", intro_fr="Ferme.")
    expiring.expire_at = timezone.now() + datetime.timedelta(days=3)
    expiring.save_revision().publish()
    far = make_page(title="Far future", intro_en="Later.", intro_fr="Plus tard.")
    far.go_live_at = timezone.now() + datetime.timedelta(days=40)
    far.save_revision().publish()

    # A pipeline ingestion with one rejected paper.
    token = IngestToken.create_token("dashboard-pipeline")[1]
    papers = [EXAMPLE[1], {"paper_id": "broken", "title": ""}]
    response = client.post(
        "/api/publications/ingest/",
        json.dumps(papers),
        content_type="application/json",
        headers={"x-api-token": token},
    )
    assert response.status_code == 200
    run = ImportRun.objects.first()
    assert (run.source, run.label, run.error_count) == ("api", "dashboard-pipeline", 1)

    # A rich-text link to a page that is then deleted.
    target = make_page(title="Soon deleted", intro_en="x", intro_fr="x")
    linking = make_page(
        title="Links out",
        intro_en="See",
        intro_fr="Voir",
        body_en=stream(("paragraph", f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>')),
        body_fr=stream(("paragraph", f'<p>Voir <a linktype="page" id="{target.pk}">ceci</a>.</p>')),
    )
    target.delete()

    after = comms.get("/admin/").content.decode()
    assert count_in(after, "profile-review") == count_in(before, "profile-review") + 1
    assert "Rémi" in after
    assert count_in(after, "missing-translations") == count_in(before, "missing-translations") + 1
    assert count_in(after, "scheduled") == count_in(before, "scheduled") + 2
    assert "Launch" in after and "Call for papers" in after and "Far future" not in after
    assert "dashboard-pipeline" in after
    assert f'data-editorial-import="{run.pk}"' in after
    assert count_in(after, "broken-links") == count_in(before, "broken-links") + 2
    assert linking.title_en in after


def test_dashboard_panels_are_absent_for_faculty(faculty):
    html = faculty.get("/admin/").content.decode()
    assert faculty.get("/admin/").status_code == 200
    for heading in PANEL_HEADINGS:
        assert heading not in html


# Preview, scheduling and workflows


def test_preview_shows_the_page_in_either_language(comms):
    page = make_page(title="Bilingual preview", intro_en="Hello visitors.", intro_fr="Bonjour.")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    data = form_data(comms.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    data.update(stream_form_data(page))
    data.update({"intro_en": "Hello from the draft.", "intro_fr": "Bonjour du brouillon."})
    assert comms.post(url, data).json()["is_valid"]

    editor = comms.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'value="fr"' in editor and "French" in editor  # the mode switch in the panel
    english = comms.get(url, {"mode": "en"}).content.decode()
    french = comms.get(url, {"mode": "fr"}).content.decode()
    assert "Hello from the draft." in english and "Bonjour du brouillon." not in english
    assert "Bonjour du brouillon." in french and "Hello from the draft." not in french
    assert '<html lang="fr"' in french


def test_scheduled_publishing_and_expiry_happen(comms):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    page = make_page(title="Scheduled", intro_en="Soon.", intro_fr="Bientôt.", live=False)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    edit(
        comms,
        page,
        {"go_live_at": go_live.strftime("%Y-%m-%d %H:%M")},
        action="action-publish",
    )
    page.refresh_from_db()
    assert not page.live
    revision = page.scheduled_revision
    assert revision is not None
    assert "Scheduled" in comms.get("/admin/").content.decode()

    # Two days later, the scheduler (cron: manage.py publish_scheduled) publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live

    StandardPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired


def test_two_step_review_needs_both_approvals(comms):
    from django.test import Client
    from wagtail.models import Workflow, WorkflowPage

    section = make_page(title="Reviewed section", intro_en="Section.", intro_fr="Section.")
    page = make_page(section, title="Reviewed news", intro_en="Draft.", intro_fr="Brouillon.")
    workflow = Workflow.objects.get(name="Two-step review")
    assert [task.name for task in workflow.tasks] == ["Editorial review", "Final approval"]
    WorkflowPage.objects.create(workflow=workflow, page=section)
    assert Workflow.objects.get(name="Profile review").active

    edit(comms, page, {"intro_en": "Reviewed text."}, action="action-submit")
    state = StandardPage.objects.get(pk=page.pk).current_workflow_state
    assert state.current_task_state.task.name == "Editorial review"

    def approve(client, page):
        task_state = StandardPage.objects.get(pk=page.pk).current_workflow_task_state
        url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
        return client.post(url, {"comment": ""})

    response = approve(comms, page)
    assert response.status_code in (200, 302), response.content.decode()[:500]
    page = StandardPage.objects.get(pk=page.pk)
    assert page.intro_en != "Reviewed text."  # not published before the second approval
    assert page.current_workflow_task.name == "Final approval"

    senior = Client()
    senior.force_login(UserFactory(username="senior@example.org", groups=["Senior editors"]))
    approve(senior, page)
    page = StandardPage.objects.get(pk=page.pk)
    assert page.intro_en == "Reviewed text." and page.current_workflow_state is None


def test_bibtex_import_in_the_admin_is_recorded(comms):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from editorial.models import ImportRun

    user = UserFactory(username="importer@example.org", is_superuser=True)
    comms.force_login(user)
    bib = b"@article{editorial2026, title={Keeping two languages in step}, author={Doe, Jane}, year={2026}, journal={Journal of Editing}}\n@article{broken,\n"
    response = comms.post(
        "/admin/publications/import/", {"bibtex_file": SimpleUploadedFile("edits.bib", bib)}
    )
    batch_url = response["Location"]
    comms.post(batch_url + "import/", {"valid_only": "1"})
    run = ImportRun.objects.first()
    assert (run.label, run.user, run.created, run.error_count) == ("edits.bib", user, 1, 1)
    html = comms.get("/admin/").content.decode()
    assert "edits.bib" in html


# Inline children and the rebuild command


def test_inline_child_fields_are_tracked_copied_and_exported(comms):
    from partnerships.models import (
        PartnerProjectIndexPage,
        PartnerProjectMember,
        PartnerProjectPage,
    )
    from tests.factories import make_project

    person = make_person(given_name="Inès", family_name="Inline")
    project = make_project(
        PartnerProjectIndexPage.objects.first(),
        members=[],
        summary_fr="Résumé.",
        challenge_en="<p>The challenge.</p>",
        challenge_fr="<p>Le défi.</p>",
    )
    project.members = [PartnerProjectMember(person=person, role_en="Project lead")]
    project.save()
    status = status_of(project)
    assert "members.role" in status.missing_fr

    member = PartnerProjectPage.objects.get(pk=project.pk).members.get()
    content = comms.get(f"/admin/editorial/pages/{project.pk}/xliff/").content.decode()
    assert f'id="members.role/{member.pk}"' in content and "Project lead" in content

    comms.post(f"/admin/editorial/pages/{project.pk}/copy-english/")
    draft = PartnerProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    assert [m.role_fr for m in draft.members.all()] == ["Project lead"]
    assert draft.challenge_fr == "<p>Le défi.</p>"
    assert "members.role" not in status_of(project).missing_fr


def test_rebuild_command_replays_revisions(comms):
    from django.core.management import call_command

    page = make_page(intro_en="First.", intro_fr="Premier.")
    edit(comms, page, {"search_description_en": "Summary"})
    edit(comms, page, {"intro_en": "First, revised."})
    EditorialStatus.objects.filter(page_id=page.pk).delete()

    out = io.StringIO()
    call_command("refresh_editorial_status", stdout=out)
    assert "Checked" in out.getvalue()
    status = status_of(page)
    # The first revision is the baseline; the English change after it is found again.
    assert status.missing_fr == ["search_description"]
    assert status.outdated_fr == ["intro"]


def test_faculty_cannot_export_or_import_translations(faculty):
    page = make_page(intro_en="English.")
    assert faculty.get(f"/admin/editorial/pages/{page.pk}/xliff/").status_code in (302, 403)
    assert faculty.get(f"/admin/editorial/pages/{page.pk}/translation/").status_code in (302, 403)
    response = faculty.post(
        f"/admin/editorial/pages/{page.pk}/xliff/import/", {"upload": "1", "confirm": "1"}
    )
    assert response.status_code in (302, 403)
    assert StandardPage.objects.get(pk=page.pk).latest_revision_id is None


def test_an_ingestion_quoting_hostile_text_is_recorded_without_failing(client):
    import json

    from editorial.models import ImportRun
    from publications.models import IngestToken

    token = IngestToken.create_token("hostile-pipeline")[1]
    response = client.post(
        "/api/publications/ingest/",
        json.dumps([{"paper_id": "abc\x00\ud800", "title": ""}]),
        content_type="application/json",
        headers={"x-api-token": token},
    )
    assert response.status_code == 200 and response.json()["rejected"] == 1
    run = ImportRun.objects.get(label="hostile-pipeline")
    assert run.error_count == 1 and "\x00" not in run.errors[0] and "abc" in run.errors[0]
