"""Journeys a person takes on the site, in Chromium, each from the demo content."""

import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from people.accounts import create_faculty_account
from people.models import PersonPage
from tests.browser.conftest import (
    LIVE_DEMO,
    PASSWORD,
    log_in,
    open_action_menu,
    screenshot,
    show_french_fields,
    wait_for_rich_text_saved,
)
from tests.factories import UserFactory

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


def portrait_png(path):
    """A small real photograph stand-in: a 400×400 PNG with a gradient, as Pillow draws it."""
    image = Image.new("RGB", (400, 400))
    image.putdata([(x * 255 // 400, y * 255 // 400, 160) for y in range(400) for x in range(400)])
    image.save(path)
    return path


def serve_media(context, media_root):
    """Serve uploaded files to the browser as the production web server does (Django serves
    /media/ only with DEBUG on)."""

    def fulfil(route):
        relative = route.request.url.split("/media/", 1)[1].split("?")[0]
        file = Path(media_root, relative)
        route.fulfill(status=200, path=file) if file.is_file() else route.fulfill(status=404)

    context.route("**/media/**", fulfil)


def test_faculty_member_updates_their_profile_for_review_and_it_goes_live_in_french(
    site, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Wagtail autosaves 500 ms after a keystroke; the journey is about the explicit submission.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    own = PersonPage.objects.get(slug_en="tremblay-amelie")
    other = PersonPage.objects.get(slug_en="bengio-yoshua")
    create_faculty_account(own, "amelie@example.org", password=PASSWORD)
    page = new_page()
    log_in(page, site, "amelie@example.org")

    # Pages, for her, is her own profile and nothing else.
    page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Pages").click()
    expect(page.get_by_role("link", name="Amélie Tremblay")).to_be_visible()
    page.goto(f"{site}/admin/pages/")
    expect(page).to_have_url(f"{site}/admin/pages/{own.pk}/")
    expect(page.get_by_role("main")).not_to_contain_text("Bengio")

    page.goto(f"{site}/admin/pages/{own.pk}/edit/")
    show_french_fields(page)
    bio_fr = page.locator("[data-contentpath='bio_fr'] [contenteditable='true']")
    bio_fr.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Son équipe accueille des stagiaires à l’été 2027.")
    expect(bio_fr).to_contain_text("Son équipe accueille des stagiaires à l’été 2027.")
    wait_for_rich_text_saved(page, "bio_fr", "Son équipe accueille des stagiaires à l’été 2027.")
    page.get_by_label("Master’s (MSc)").uncheck()
    page.get_by_label("Internship").check()

    page.get_by_role("button", name="Choose an image").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.locator("#id_image-chooser-upload-title").fill("Amélie Tremblay")
    chooser.locator("#id_image-chooser-upload-file").set_input_files(
        portrait_png(tmp_path / "amelie-tremblay.png")
    )
    chooser.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-contentpath='portrait']")).to_contain_text("Amélie Tremblay")
    page.locator("#id_portrait_alt_fr").fill("Amélie Tremblay devant un tableau noir")

    open_action_menu(page)
    page.get_by_role("button", name="Submit to Profile review").click()
    expect(page.get_by_text("Page 'Amélie Tremblay' has been submitted")).to_be_visible()
    screenshot(page, "faculty-submitted-for-review")

    own.refresh_from_db()
    state = own.current_workflow_task_state
    assert state is not None and state.workflow_state.workflow.name == "Profile review"
    visitor = new_page(locale="fr-CA")
    serve_media(visitor.context, settings.MEDIA_ROOT)
    visitor.goto(f"{site}/fr/repertoire/tremblay-amelie/")
    expect(visitor.locator(".profile")).not_to_contain_text("stagiaires à l’été 2027")

    # A colleague's profile: refused by URL, and nothing written.
    page.goto(f"{site}/admin/pages/{other.pk}/edit/")
    expect(
        page.get_by_text("Sorry, you do not have permission to access this area.")
    ).to_be_visible()
    other.refresh_from_db()
    assert other.revisions.count() == 0

    # Communications approve it (their side of the review is test_staff_journeys.py).
    reviewer = UserFactory(username="reviewer@example.org", groups=["Communications"])
    state.approve(user=reviewer)

    visitor.goto(f"{site}/fr/repertoire/tremblay-amelie/")
    profile = visitor.locator(".profile")
    expect(profile.locator(".rich-text")).to_contain_text(
        "Son équipe accueille des stagiaires à l’été 2027."
    )
    supervision = visitor.get_by_role("region", name="Supervision")
    expect(supervision).to_contain_text("Stage")
    expect(supervision).not_to_contain_text("Maîtrise")
    portrait = visitor.get_by_role("img", name="Amélie Tremblay devant un tableau noir")
    expect(portrait).to_be_visible()
    assert portrait.evaluate("image => image.complete && image.naturalWidth > 0")
    screenshot(visitor, "faculty-profile-live-fr")
