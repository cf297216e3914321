"""WCAG 2.1 AA in a real browser: axe-core on every public page type in both languages, and the
checks axe cannot make alone (one h1, landmarks, skip link, announced form errors, fallback text
marked as English)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EventPage
from tests.browser.conftest import LIVE_DEMO, screenshot
from tests.site.page_types import missing

pytestmark = LIVE_DEMO

# Every axe rule runs (WCAG 2.0/2.1 A and AA, and Deque's best practices); none is disabled.
# A rule may be switched off here only with the reason written next to it, e.g.
# {"rules": {"region": {"enabled": False}}}  # why
AXE_OPTIONS = {"resultTypes": ["violations"]}

PUBLICATION = "sparse-reward-shaping-for-long-horizon-agents"
# (what, page type, English path, French path): one page of every page type
# (test_every_page_type_is_checked), then variants and pages that are not a page type.
PAGES = [
    ("home", "pages.HomePage", "/en/", "/fr/"),
    ("standard page", "pages.StandardPage", "/en/about/", "/fr/a-propos/"),
    ("directory", "people.PeopleIndexPage", "/en/directory/", "/fr/repertoire/"),
    (
        "directory, filtered",
        None,
        "/en/directory/?topic=reinforcement-learning&accepting=on",
        "/fr/repertoire/?topic=reinforcement-learning&accepting=on",
    ),
    ("directory, no result", None, "/en/directory/?q=zzzz", "/fr/repertoire/?q=zzzz"),
    (
        "profile",
        "people.PersonPage",
        "/en/directory/bengio-yoshua/",
        "/fr/repertoire/bengio-yoshua/",
    ),
    (
        "publication list",
        "publications.PublicationIndexPage",
        "/en/research/publications/",
        "/fr/recherche/publications/",
    ),
    (
        "publication list, filtered",
        None,
        "/en/research/publications/?topic=reinforcement-learning",
        "/fr/recherche/publications/?topic=reinforcement-learning",
    ),
    (
        "publication",
        "publications.PublicationPage",
        f"/en/research/publications/{PUBLICATION}/",
        f"/fr/recherche/publications/{PUBLICATION}/",
    ),
    (
        "partner project list",
        "partnerships.PartnerProjectIndexPage",
        "/en/industry-and-partnerships/projects/",
        "/fr/industrie-et-partenariats/projets/",
    ),
    (
        "partner project",
        "partnerships.PartnerProjectPage",
        "/en/industry-and-partnerships/projects/solar-irradiance-forecasting/",
        "/fr/industrie-et-partenariats/projets/prevision-du-rayonnement-solaire/",
    ),
    (
        "startup list",
        "partnerships.StartupIndexPage",
        "/en/industry-and-partnerships/startups/",
        "/fr/industrie-et-partenariats/jeunes-pousses/",
    ),
    (
        "startup",
        "partnerships.StartupPage",
        "/en/industry-and-partnerships/startups/element-ai/",
        "/fr/industrie-et-partenariats/jeunes-pousses/element-ai/",
    ),
    ("program list", "pages.ProgramIndexPage", "/en/programs/", "/fr/programmes/"),
    (
        "program",
        "pages.ProgramPage",
        "/en/programs/research-masters/",
        "/fr/programmes/maitrise-de-recherche/",
    ),
    ("news list", "news.NewsIndexPage", "/en/news/", "/fr/nouvelles/"),
    (
        "news article",
        "news.NewsPage",
        "/en/news/yoshua-bengio-receives-the-turing-award/",
        "/fr/nouvelles/yoshua-bengio-recoit-le-prix-turing/",
    ),
    (
        "news article in English only",
        None,
        "/en/news/machine-learning-for-healthcare/",
        "/fr/nouvelles/machine-learning-for-healthcare/",
    ),
    ("event list", "events.EventIndexPage", "/en/events/", "/fr/evenements/"),
    # Demo events are dated from the day `load_demo` runs: see demo_dates().
    ("event", "events.EventPage", "/en/events/{tea_talk_en}/", "/fr/evenements/{tea_talk_fr}/"),
    ("search results", None, "/en/search/?q=learning", "/fr/rechercher/?q=apprentissage"),
    ("search, no result", None, "/en/search/?q=zzzzqqq", "/fr/rechercher/?q=zzzzqqq"),
    ("page not found", None, "/en/no-such-page/", "/fr/aucune-page/"),
    (
        "partner contact form",
        "partnerships.PartnerContactPage",
        "/en/become-a-partner/",
        "/fr/devenir-partenaire/",
    ),
]
SEND = {"en": "Send the message", "fr": "Envoyer le message"}

# A phone held upright (iPhone X/11 Pro size), with touch.
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
PHONE_PAGES = [
    pages
    for pages in PAGES
    if pages[0]
    in {"home", "directory", "profile", "publication", "search results", "partner contact form"}
]
MAIN_MENU = {"en": "Main", "fr": "Principal"}


@pytest.mark.django_db
def test_every_page_type_is_checked():
    assert missing(page_type for _what, page_type, *_paths in PAGES) == []


@pytest.fixture(scope="session")
def axe():
    return Axe()


def axe_violations(axe, page):
    """The violations on the page as readable lines (rule, impact, element), empty when none."""
    results = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        f"{node['target']} {node['html'][:160]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def structure_problems(page, language):
    """What axe does not catch on its own, as a person with a screen reader meets it."""
    problems = []
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"html lang is not {language}")
    if (h1 := page.locator("h1").count()) != 1:
        problems.append(f"{h1} h1 elements")
    for role in ("banner", "main", "contentinfo"):
        if page.get_by_role(role).count() != 1:
            problems.append(f"not exactly one {role} landmark")
    if page.get_by_role("navigation").count() < 1:
        problems.append("no navigation landmark")
    if page.locator("a.skip-link[href='#main']").count() != 1:
        problems.append("no skip link to #main")
    # alt="" marks an image as decorative; no alt at all leaves screen readers reading the file name.
    problems += [
        f"image without alt: {src}"
        for src in page.locator("img:not([alt])").evaluate_all(
            "images => images.map(image => image.getAttribute('src'))"
        )
    ]
    return problems


def demo_dates():
    """The demo's next tea talk: demo events are dated from the day `load_demo` runs."""
    talk = (
        EventPage.objects.live()
        .filter(slug_en__startswith="tea-talk-", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    return {"tea_talk_en": talk.slug_en, "tea_talk_fr": talk.slug_fr}


def test_every_public_page_type_has_no_axe_violation_in_either_language(site, page, axe, subtests):
    dates = demo_dates()
    for what, _page_type, *paths in PAGES:
        paths = [path.format(**dates) for path in paths]
        for language, path in zip(("en", "fr"), paths, strict=True):
            with subtests.test(page=what, language=language, path=path):
                response = page.goto(site + path)
                assert response.status == (404 if what == "page not found" else 200)
                assert axe_violations(axe, page) == []
                assert structure_problems(page, language) == []

            if what == "partner contact form":
                with subtests.test(page="partner contact form, with errors", language=language):
                    page.get_by_role("button", name=SEND[language]).click()
                    expect(page.locator(".error-summary")).to_be_visible()
                    assert axe_violations(axe, page) == []
                    assert structure_problems(page, language) == []


def layout_problems_on_a_phone(page, language):
    """Nothing wider than the screen, and every main menu link on screen (the menu wraps; there
    is no menu button to find)."""
    problems = []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow}px")
    width = PHONE["viewport"]["width"]
    links = page.get_by_role("navigation", name=MAIN_MENU[language]).get_by_role("link")
    if links.count() == 0:
        problems.append("no main menu link")
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        if not link.is_visible() or box["x"] < 0 or box["x"] + box["width"] > width:
            problems.append(f"menu link {link.inner_text()!r} is off screen: {box}")
    return problems


def test_pages_on_a_phone_have_no_axe_violation_and_a_reachable_menu(site, new_page, axe, subtests):
    page = new_page(**PHONE)
    for what, _page_type, *paths in PHONE_PAGES:
        for language, path in zip(("en", "fr"), paths, strict=True):
            with subtests.test(page=what, language=language, path=path):
                assert page.goto(site + path).status == 200
                assert axe_violations(axe, page) == []
                assert structure_problems(page, language) == []
                assert layout_problems_on_a_phone(page, language) == []

            if what == "partner contact form":
                with subtests.test(page="partner contact form, with errors", language=language):
                    page.get_by_role("button", name=SEND[language]).tap()
                    expect(page.locator(".error-summary")).to_be_visible()
                    assert axe_violations(axe, page) == []
                    assert layout_problems_on_a_phone(page, language) == []
    screenshot(page, "phone-contact-form-errors-fr")

    # The menu works with a finger: from the French home page to the directory.
    page.goto(f"{site}/fr/")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Répertoire").tap()
    expect(page).to_have_url(f"{site}/fr/repertoire/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(site, page):
    for path, name in (
        ("/en/directory/", "Skip to main content"),
        ("/fr/", "Aller au contenu principal"),
    ):
        page.goto(site + path)
        page.keyboard.press("Tab")
        skip_link = page.get_by_role("link", name=name)
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"#main$"))
        expect(page.get_by_role("main")).to_be_focused()
        # The next Tab lands inside the content, not back in the header.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null")


def test_contact_form_errors_are_announced_and_tied_to_their_fields(site, page):
    page.goto(f"{site}/fr/devenir-partenaire/")
    email = page.get_by_label("Adresse courriel")
    expect(email).not_to_have_attribute("aria-invalid", "true")
    email.fill("pas-une-adresse")
    page.get_by_role("button", name=SEND["fr"]).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_contain_text("Veuillez corriger")
    expect(page).to_have_title(re.compile(r"^Erreur"))

    invalid = page.locator("form.contact-form [aria-invalid=true]")
    assert invalid.count() >= 2
    for index in range(invalid.count()):
        field = invalid.nth(index)
        # A group of checkboxes is described by its fieldset, as Django renders it.
        described_by = field.evaluate(
            "field => field.getAttribute('aria-describedby')"
            " || field.closest('fieldset')?.getAttribute('aria-describedby') || ''"
        )
        messages = [
            page.locator(f"[id='{id_}']").inner_text().strip() for id_ in described_by.split()
        ]
        assert any(messages), f"{field.get_attribute('name')} has no error message tied to it"

    # A link of the summary takes the keyboard user to the field to correct.
    first_link = summary.get_by_role("link").first
    target = first_link.get_attribute("href")
    first_link.click()
    expect(page.locator(target)).to_be_focused()
    expect(email).to_have_value("pas-une-adresse")


def test_english_fallback_text_is_marked_english_on_french_pages(site, page):
    page.goto(f"{site}/fr/nouvelles/")
    card = page.locator("article", has_text="Machine learning against healthcare")
    expect(card).to_have_attribute("lang", "en")
    # The French note on that card stays French inside the English card.
    expect(card.locator("[lang=fr]", has_text="qu’en anglais")).to_be_visible()

    page.goto(f"{site}/fr/nouvelles/machine-learning-for-healthcare/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Machine learning")
    assert heading.evaluate("element => element.closest('[lang]').lang") == "en"
