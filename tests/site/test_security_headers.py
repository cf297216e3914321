"""Headers the browser enforces: Content Security Policy, Permissions-Policy and friends."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory, make_page

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def page_url():
    with translation.override("en"):
        return make_page().url


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_get_the_strict_policy(client, page_url):
    response = client.get(page_url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name]
        assert "'unsafe-eval'" not in policy[name]
    # No third-party origin, except the video players a page may embed.
    allowed = {source for values in policy.values() for source in values}
    third_party = {s for s in allowed if s.startswith("http")}
    assert third_party == {
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    }
    assert set(policy["frame-src"]) == third_party


def test_other_protective_headers(client):
    response = client.get("/fr/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_gets_its_own_workable_policy(client):
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the preview panel frames the page
    assert policy["object-src"] == ["'none'"]


def test_signed_in_editors_get_the_admin_policy_on_public_pages(client, page_url):
    # Their pages carry Wagtail's user bar, which the strict policy would break.
    client.force_login(UserFactory(groups=["Communications"]))
    policy = directives(client.get(page_url)["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]


def test_report_only_mode_sends_the_same_policy_without_enforcing_it(client, page_url):
    with override_settings(
        CONTENT_SECURITY_POLICY=None,
        CONTENT_SECURITY_POLICY_REPORT_ONLY=settings.CONTENT_SECURITY_POLICY,
    ):
        response = client.get(page_url)
        assert "Content-Security-Policy" not in response
        policy = directives(response["Content-Security-Policy-Report-Only"])
        assert policy["frame-ancestors"] == ["'none'"]
        admin = client.get("/admin/login/")
        assert "'unsafe-inline'" in admin["Content-Security-Policy-Report-Only"]


def test_the_environment_switches_report_only_mode():
    script = (
        "from django.conf import settings; "
        "print(hasattr(settings, 'CONTENT_SECURITY_POLICY'), "
        "'frame-ancestors' in settings.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES'])"
    )
    env = {**os.environ, "CSP_REPORT_ONLY": "1", "DJANGO_SETTINGS_MODULE": "mila.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False True", result.stderr


def test_the_error_page_style_is_allowed_by_its_hash():
    page = (PROJECT_DIR / "templates/500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.ERROR_PAGE_STYLE_HASH
    assert (
        settings.ERROR_PAGE_STYLE_HASH
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )


def test_public_templates_have_no_inline_script_or_style():
    offenders = []
    for path in (PROJECT_DIR / "templates").rglob("*.html"):
        if "admin" in path.parts or path.name == "500.html":
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))", text) or re.search(
            r"\sstyle=\"|<style|\son[a-z]+=\"", text
        ):
            offenders.append(str(path.relative_to(PROJECT_DIR)))
    assert offenders == []
