import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from pages.models import StandardPage
from tests.site.test_sitemap import sitemap_urls

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_home_page_in_both_languages(client):
    english = client.get("/en/")
    french = client.get("/fr/")
    assert english.status_code == 200 and french.status_code == 200
    assert html_lang(english) == "en" and html_lang(french) == "fr"
    assert "<h1>Mila – Quebec AI Institute</h1>" in english.content.decode()
    assert (
        "<h1>Mila – Institut québécois d’intelligence artificielle</h1>" in french.content.decode()
    )
    assert "Aller au contenu principal" in french.content.decode()


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"),
        ("en-US,en;q=0.8", "/en/"),
        ("de-DE", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    french = client.get("/fr/a-propos/").content.decode()
    english = client.get("/en/about/").content.decode()
    assert '<a href="http://testserver/en/about/" hreflang="en" lang="en"' in french
    assert '<a href="http://testserver/fr/a-propos/" hreflang="fr" lang="fr"' in english


def test_hreflang_alternates_are_absolute_and_reciprocal(client):
    for path in ("/en/about/", "/fr/a-propos/"):
        content = client.get(path).content.decode()
        assert '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in content
        assert (
            '<link rel="alternate" hreflang="fr" href="http://testserver/fr/a-propos/">' in content
        )
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://testserver/en/about/">'
            in content
        )


def test_empty_french_field_falls_back_to_english_marked_as_english(client):
    page = StandardPage.objects.get(slug_en="ai-and-health")
    assert page.intro_fr in ("", None)
    content = client.get("/fr/ia-et-sante/").content.decode()
    assert (
        '<p class="lead" lang="en">Many of our researchers work on some of healthcare’s most '
        "pressing problems.</p>"
    ) in content
    # The French title exists, so it is not marked as English.
    assert "<h1>IA et santé</h1>" in content


def test_translated_field_is_not_marked_when_present(client):
    content = client.get("/fr/a-propos/").content.decode()
    assert '<p class="lead">Mila est un institut de recherche' in content


def test_unknown_french_url_gives_a_french_404_with_a_switcher(client):
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert html_lang(response) == "fr"
    assert "Page introuvable" in content
    assert 'href="http://testserver/en/cette-page-n-existe-pas/" hreflang="en"' in content


def test_no_page_is_hidden_behind_the_search_route(client):
    """A section's translated slug must not be a site route: /fr/recherche/ is the Research page."""
    from wagtail.models import Page

    research = Page.objects.get(slug_fr="recherche", depth=3)
    response = client.get("/fr/recherche/")
    assert response.status_code == 200
    assert f"<h1>{research.title_fr}</h1>" in response.content.decode().replace(' lang="fr"', "")
    for language in ("en", "fr"):
        with translation.override(language):
            route = reverse("search").strip("/").split("/")[-1]
        assert not Page.objects.filter(depth=3, **{f"slug_{language}": route}).exists()


def test_search_page_switcher_keeps_the_query(client):
    response = client.get("/fr/rechercher/", {"q": "santé"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "IA et santé" in content
    assert 'href="http://testserver/en/search/?q=sant%C3%A9" hreflang="en"' in content


def test_search_with_no_results_says_so(client):
    content = client.get("/en/search/", {"q": "zzzyqx"}).content.decode()
    assert "0 results for “zzzyqx”." in content
    assert "No page matches your search." in content


def test_navigation_and_footer_come_from_site_settings(client):
    content = client.get("/fr/").content.decode()
    assert '<a href="/fr/a-propos/">À propos de Mila</a>' in content
    assert "6666, rue Saint-Urbain" in content


def test_server_error_page_speaks_the_visitors_language():
    with translation.override("fr"):
        content = render_to_string("500.html")
    assert '<html lang="fr">' in content
    assert "Une erreur s’est produite" in content


def test_sitemap_lists_both_languages_with_alternates(client):
    urls = sitemap_urls(client)
    assert urls["http://testserver/fr/a-propos/"]["en"] == "http://testserver/en/about/"
    assert urls["http://testserver/en/about/"]["x-default"] == "http://testserver/en/about/"


def test_wagtail_admin_speaks_the_users_language(client, django_user_model):
    user = django_user_model.objects.create_superuser("editrice", "e@example.org", "x")
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="fr"
    )
    client.force_login(user)
    assert "Tableau de bord" in client.get("/admin/").content.decode()


def test_load_demo_twice_creates_nothing_new():
    before = Page.objects.count()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Page.objects.count() == before


def run_manage(*args, **env):
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean_env = {k: v for k, v in os.environ.items() if k not in unset}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="mila.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="mila.example")
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is required in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "The ALLOWED_HOSTS environment variable is required in production" in result.stderr


def test_production_deploy_check_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k3y-" + "".join(chr(ord("a") + i % 26) for i in range(60)),
        ALLOWED_HOSTS="mila.example,www.mila.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_french_catalogue_is_complete():
    catalogue = (PROJECT_DIR / "locale/fr/LC_MESSAGES/django.po").read_text()
    entries = catalogue.split("\n\n")[1:]  # the first block is the header
    empty = re.compile(r'^msgstr(\[\d+\])? ""\n(?!")', re.MULTILINE)
    untranslated = [entry for entry in entries if empty.search(entry + "\n")]
    assert "#, fuzzy" not in catalogue
    assert untranslated == []
