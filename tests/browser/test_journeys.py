import re

import pytest
from playwright.sync_api import expect

from people.accounts import create_faculty_account
from people.models import PersonPage

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_journeys(site, page):
    """One live-server test (see conftest.site), three journeys a person would take."""
    visitor_filters_the_directory_and_switches_language(site, page)
    keyboard_user_reaches_the_skip_link_first(site, page)
    faculty_member_edits_only_their_own_profile(site, page)


def visitor_filters_the_directory_and_switches_language(site, page):
    page.goto(f"{site}/en/directory/")
    page.get_by_label("Research topic", exact=True).select_option("reinforcement-learning")
    page.get_by_label("Accepting new students").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"topic=reinforcement-learning"))
    expect(page.locator(".person-card__name").first).to_be_visible()
    results = page.locator(".person-card__name").all_inner_texts()
    assert "Tremblay, Amélie" in results

    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(
        re.compile(r"/fr/repertoire/\?.*topic=reinforcement-learning.*accepting=on")
    )
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_label("Thème de recherche", exact=True)).to_have_value(
        "reinforcement-learning"
    )
    assert page.locator(".person-card__name").all_inner_texts() == results


def keyboard_user_reaches_the_skip_link_first(site, page):
    page.goto(f"{site}/fr/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def faculty_member_edits_only_their_own_profile(site, page):
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
