"""Communications staff at work in the admin, in Chromium: a page written in both languages,
previewed, published; a page scheduled for later; a faculty member's profile change approved."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pages.models import HomePage, StandardPage
from people.accounts import create_faculty_account
from people.models import PersonPage
from tests.browser.conftest import (
    LIVE_DEMO,
    log_in,
    open_action_menu,
    screenshot,
    show_french_fields,
    wait_for_rich_text_saved,
)
from tests.factories import UserFactory

pytestmark = LIVE_DEMO

STAFF = "communications@example.org"
# Wagtail autosaves an editor 500 ms after the last keystroke. Playwright types and clicks "Save
# draft" within that time, and a save racing the autosave that creates a new page comes back with
# validation errors; these journeys test the editor's own actions, so autosave is off.
AUTOSAVE_OFF = 0


@pytest.fixture
def staff(site, new_page, settings):
    """A browser signed in to the admin as a member of the Communications group."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = AUTOSAVE_OFF
    UserFactory(username=STAFF, first_name="Camille", groups=["Communications"])
    page = new_page()
    log_in(page, site, STAFF)
    return page


def add_paragraph(page, stream, text):
    """Add a rich text block at the end of the StreamField `stream` (e.g. body_en) and type in it."""
    field = page.locator(f"[data-contentpath='{stream}']")
    field.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Rich text").click()
    editor = field.locator("[contenteditable='true']").last
    # Typed into the editor itself (focused first), then read back: on a busy machine the
    # editor can still be starting when the keys come, and they would go nowhere.
    editor.press_sequentially(text)
    expect(editor).to_contain_text(text)
    wait_for_rich_text_saved(page, stream, text)


def add_standard_page_under_home(page, site):
    home = HomePage.objects.get()
    page.goto(f"{site}/admin/pages/{home.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name="Standard page", exact=True).click()
    expect(page.locator("#id_title_en")).to_be_visible()


def test_communications_write_preview_and_publish_a_page_in_both_languages(site, staff, new_page):
    page = staff
    add_standard_page_under_home(page, site)
    page.locator("#id_title_en").fill("Open house 2027")
    page.locator("#id_intro_en").fill("Visit the labs and meet our researchers.")
    add_paragraph(page, "body_en", "Doors open at nine in the morning.")

    show_french_fields(page)
    page.locator("#id_title_fr").fill("Portes ouvertes 2027")
    page.locator("#id_intro_fr").fill("Visitez les laboratoires et rencontrez nos chercheurs.")
    add_paragraph(page, "body_fr", "Ouverture des portes à neuf heures.")

    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug_en").fill("open-house-2027")
    page.locator("#id_slug_fr").fill("portes-ouvertes-2027")
    page.get_by_role("tab", name="Content").click()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Page 'Open house 2027' created.")).to_be_visible()
    draft = StandardPage.objects.get(slug_en="open-house-2027")
    assert not draft.live

    # Wagtail's preview panel, with the language switch (mila.pages.BasePage).
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Open house 2027")
    expect(preview.locator("html")).to_have_attribute("lang", "en")
    expect(preview.get_by_text("Doors open at nine in the morning.")).to_be_visible()
    page.get_by_label("Preview mode").select_option("fr")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Portes ouvertes 2027")
    expect(preview.locator("html")).to_have_attribute("lang", "fr")
    expect(preview.get_by_text("Ouverture des portes à neuf heures.")).to_be_visible()
    screenshot(page, "staff-preview-french")

    open_action_menu(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("has been published")).to_be_visible()

    visitor = new_page()
    for path, title, intro, body in (
        (
            "/en/open-house-2027/",
            "Open house 2027",
            "Visit the labs",
            "Doors open at nine in the morning.",
        ),
        (
            "/fr/portes-ouvertes-2027/",
            "Portes ouvertes 2027",
            "Visitez les laboratoires",
            "Ouverture des portes à neuf heures.",
        ),
    ):
        response = visitor.goto(site + path)
        assert response.status == 200, path
        expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
        expect(visitor.get_by_role("main")).to_contain_text(intro)
        expect(visitor.get_by_role("main")).to_contain_text(body)
    screenshot(visitor, "staff-published-page-french")


def test_communications_schedule_a_page_that_stays_offline_until_its_date(site, staff, new_page):
    page = staff
    add_standard_page_under_home(page, site)
    page.locator("#id_title_en").fill("Spring symposium")
    page.locator("#id_intro_en").fill("Announced soon.")
    show_french_fields(page)
    page.locator("#id_title_fr").fill("Symposium du printemps")
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug_en").fill("spring-symposium")
    page.locator("#id_slug_fr").fill("symposium-du-printemps")

    go_live = timezone.localtime() + datetime.timedelta(days=3)
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    dialog.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker stays open over the button: press it from the keyboard.
    dialog.get_by_role("button", name="Save schedule").press("Enter")
    expect(page.get_by_text("Page 'Spring symposium' created.")).to_be_visible()

    open_action_menu(page)
    page.get_by_role("button", name="Schedule to publish").click()
    expect(page.get_by_text(re.compile("Spring symposium.*scheduled"))).to_be_visible()

    scheduled = StandardPage.objects.get(slug_en="spring-symposium")
    assert not scheduled.live
    home = HomePage.objects.get()
    page.goto(f"{site}/admin/pages/{home.pk}/")
    row = page.get_by_role("row", name=re.compile("Spring symposium"))
    expect(row.get_by_role("cell", name="Current page status: scheduled")).to_be_visible()
    page.goto(f"{site}/admin/")
    panel = page.get_by_role("region", name="Scheduled in the next 14 days")
    expect(panel.get_by_role("row", name=re.compile("Spring symposium"))).to_contain_text(
        "Goes live"
    )
    screenshot(page, "staff-dashboard-scheduled")

    visitor = new_page()
    for path in ("/en/spring-symposium/", "/fr/symposium-du-printemps/"):
        assert visitor.goto(site + path).status == 404, path


def test_communications_approve_a_faculty_profile_change(site, staff, new_page):
    profile = PersonPage.objects.get(slug_en="haddad-karim")
    faculty, _url = create_faculty_account(profile, "karim@example.org")
    # The faculty member's submission, as the edit form's "Submit for review" makes it.
    profile.bio_fr = "<p>Karim Haddad étudie l’incertitude des grands modèles génératifs.</p>"
    revision = profile.save_revision(user=faculty)
    profile.get_workflow().start(profile, faculty)
    assert revision.pk == PersonPage.objects.get(pk=profile.pk).latest_revision_id

    page = staff
    page.goto(f"{site}/admin/")
    panel = page.get_by_role("region", name="Profile changes waiting for review")
    expect(panel).to_contain_text("1 profile waiting for review")
    panel.get_by_role("link", name="Karim Haddad").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{profile.pk}/edit/"))
    open_action_menu(page)
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.get_by_text("Page 'Karim Haddad' has been updated.")).to_be_visible()
    screenshot(page, "staff-approved-profile")
    page.goto(f"{site}/admin/")
    expect(panel).to_contain_text("0 profiles waiting for review")

    visitor = new_page()
    visitor.goto(f"{site}/fr/repertoire/haddad-karim/")
    expect(visitor.locator(".profile .rich-text")).to_contain_text(
        "étudie l’incertitude des grands modèles génératifs"
    )
