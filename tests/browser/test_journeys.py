"""Journeys a person takes on the site, in Chromium, each from the demo content."""

import re
from pathlib import Path

from playwright.sync_api import expect

from people.accounts import create_faculty_account
from people.models import PersonPage
from tests.browser.conftest import LIVE_DEMO, PASSWORD, screenshot

pytestmark = LIVE_DEMO


def test_french_visitor_finds_a_paper_cites_it_and_switches_to_english(site, new_page):
    page = new_page(locale="fr-CA", accept_downloads=True)
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/fr/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Répertoire").click()
    expect(page).to_have_url(f"{site}/fr/repertoire/")
    page.get_by_label("Thème de recherche", exact=True).select_option("reinforcement-learning")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"/fr/repertoire/\?.*topic=reinforcement-learning"))
    names = page.locator(".person-card__name").all_inner_texts()
    assert "Tremblay, Amélie" in names
    assert "Bengio, Yoshua" not in names

    page.get_by_role("link", name="Tremblay, Amélie").click()
    expect(page).to_have_url(f"{site}/fr/repertoire/tremblay-amelie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amélie Tremblay")

    papers = page.locator(".person-publications .publication-summary__title a")
    title = papers.first.inner_text()
    papers.first.click()
    expect(page).to_have_url(re.compile(r"/fr/recherche/publications/[^/]+/$"))
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(page, "visitor-fr-publication")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en BibTeX").click()
    bibtex = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert bibtex.lstrip().startswith("@")
    assert f"title = {{{title}}}" in bibtex
    assert "Amélie Tremblay" in bibtex

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/en/research/publications/{slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_directory_filters_keep_their_values_across_the_language_switch(site, page):
    page.goto(f"{site}/en/directory/")
    page.get_by_label("Research topic", exact=True).select_option("reinforcement-learning")
    page.get_by_label("Accepting new students").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"topic=reinforcement-learning"))
    results = page.locator(".person-card__name").all_inner_texts()
    assert "Tremblay, Amélie" in results

    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(
        re.compile(r"/fr/repertoire/\?.*topic=reinforcement-learning.*accepting=on")
    )
    expect(page.get_by_label("Thème de recherche", exact=True)).to_have_value(
        "reinforcement-learning"
    )
    assert page.locator(".person-card__name").all_inner_texts() == results


def focus_is_visible(page):
    """The focused element draws an outline a sighted keyboard user can see."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus, checking the focus is visible at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never got the focus after {limit} Tab presses")


def test_keyboard_user_filters_the_directory_and_opens_a_profile(site, page):
    page.goto(f"{site}/en/directory/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    topic = page.get_by_label("Research topic", exact=True)
    tab_to(page, topic)
    # A native select changes its value with the arrow keys while it has the focus.
    values = topic.locator("option").evaluate_all("options => options.map(o => o.value)")
    target = values.index("reinforcement-learning") - values.index(topic.input_value())
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    expect(topic).to_have_value("reinforcement-learning")

    apply = page.get_by_role("button", name="Apply filters")
    tab_to(page, apply)
    screenshot(page, "keyboard-apply-filters-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"topic=reinforcement-learning"))

    profile = page.get_by_role("link", name="Tremblay, Amélie")
    page.keyboard.press("Tab")
    tab_to(page, profile, limit=200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/directory/tremblay-amelie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amélie Tremblay")


def test_faculty_member_edits_only_their_own_profile(site, page):
    own = PersonPage.objects.get(slug_en="tremblay-amelie")
    other = PersonPage.objects.get(slug_en="bengio-yoshua")
    create_faculty_account(own, "amelie@example.org", password=PASSWORD)

    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill("amelie@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in")).click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()

    page.goto(f"{site}/admin/pages/{own.pk}/edit/")
    title = page.locator("#id_position_title_en")
    title.fill("Associate Professor of Reinforcement Learning")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()
    screenshot(page, "faculty-saved-own-profile")
    own.refresh_from_db()
    assert own.get_latest_revision_as_object().position_title_en == (
        "Associate Professor of Reinforcement Learning"
    )

    page.goto(f"{site}/admin/pages/{other.pk}/edit/")
    expect(
        page.get_by_text("Sorry, you do not have permission to access this area.")
    ).to_be_visible()
    other.refresh_from_db()
    assert other.revisions.count() == 0
