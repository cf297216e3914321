"""Real-browser tests: Playwright driving the system Chromium against the live test server.

How to run and debug them: docs/testing.md.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; the ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Git-ignored; every journey leaves a picture of its key step here, and a failing test its last page.
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS", Path(__file__).resolve().parent / "screenshots")
)
# Set BROWSER_SLOW_MO=500 (milliseconds) and BROWSER_HEADED=1 to watch a test on a desktop.
SLOW_MO = int(os.environ.get("BROWSER_SLOW_MO", "0"))
HEADED = os.environ.get("BROWSER_HEADED") == "1"

PASSWORD = "correct horse battery staple"
LIVE_DEMO = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class SerialWSGIServer(WSGIServer):
    """Django's development server handling one request at a time (and closing each connection,
    as Django does when the server is not threaded)."""

    # LiveServerThread.run() already puts the shared connection in the one serving thread.
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite():
    """On the in-memory SQLite test database, every live-server thread shares the test's one
    connection; the admin's parallel requests (sprite, session pings, previews) then interleave
    on it and fail at random ("cannot start a transaction within a transaction"). Serve one
    request at a time there. PostgreSQL (CI) keeps the threaded server."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = ThreadedWSGIServer


@pytest.fixture(scope="session", autouse=True)
def _demo_for_live_server_tests(demo_snapshot):
    """Every browser test starts from the demo (../conftest.py); modules mark them `LIVE_DEMO`."""


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    args = [arg for arg in CHROMIUM_ARGS if not (HEADED and arg == "--headless")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=args, headless=not HEADED, slow_mo=SLOW_MO
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Open pages in fresh browser contexts (one per user); closed, and shot on failure, after."""
    contexts = []

    def open_page(locale="en-CA", **options):
        context = browser.new_context(locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None) and request.node.report_call.failed
    for number, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                screenshot(page, f"FAILED-{request.node.name}-{number}")
        # Closing an admin editor sends a beacon (Wagtail releases its editing session); served
        # while pytest-django empties the database, it makes the flush fail. The test is over:
        # nothing it sends now matters.
        context.route("**/*", lambda route: route.abort())
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def site(live_server):
    """The demo site on the live server, as it is after `load_demo` (see `demo_snapshot`)."""
    return live_server.url


def log_in(page, site, username, password=PASSWORD):
    """Sign in to the admin with the login form, as a person does."""
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in")).click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def show_french_fields(page):
    """wagtail-modeltranslation shows the English fields; its "fr" toggle shows the French ones."""
    toggle = page.locator(".locale-picker").get_by_role("button", name="fr", exact=True)
    if "showing-locale" not in (toggle.get_attribute("class") or ""):
        toggle.click()
    expect(toggle).to_have_class(re.compile("showing-locale"))


def wait_for_rich_text_saved(page, contentpath, text):
    """Wait until the form holds `text` typed in the rich text field or stream `contentpath`.

    Draftail copies the editor into the form's hidden input 250 ms after the last key; a
    quick click on "Save draft" would otherwise send the field without what was just typed.
    """
    page.wait_for_function(
        """([contentpath, text]) => [...document.querySelectorAll(
               `[data-contentpath='${contentpath}'] input[type='hidden']`)]
             .some((input) => input.value.includes(text))""",
        arg=[contentpath, text],
    )


def open_action_menu(page):
    """The arrow beside the footer's main button opens the other actions (Publish, Approve…)."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.locator(".w-dropdown__toggle").click()


def screenshot(page, name):
    """Save a full-page picture under SCREENSHOTS for a person to look at after the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=path, full_page=True)
    return path
