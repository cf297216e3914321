"""Page cache (mila/cache/): hits without SQL, purges on publish in both languages, never a
private page in the cache."""

import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from wagtail.models import Page

from mila import cache as page_cache
from mila.cache import purge, scope
from pages.models import StandardPage
from partnerships.models import PartnerContactPage
from publications.models import PublicationIndexPage
from tests.admin_forms import form_data
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db

ABOUT_EN, ABOUT_FR = "/en/about/", "/fr/a-propos/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def editor():
    client = Client()
    client.force_login(UserFactory(username="editor@example.org", groups=["Communications"]))
    return client


def about():
    return StandardPage.objects.get(slug_en="about")


def url_in(page, language):
    with translation.override(language):
        return page.specific.get_url()


def test_a_second_anonymous_view_is_served_from_the_cache_without_sql(
    client, django_assert_num_queries
):
    first = client.get(ABOUT_EN)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(ABOUT_EN)
    assert second.status_code == 200
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize(
    "path",
    ["/en/", "/fr/", "/en/directory/", "/fr/repertoire/", "/en/research/publications/", ABOUT_FR],
)
def test_listings_and_both_languages_are_cached(client, path, django_assert_num_queries):
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response["X-Cache"] == "HIT"


def test_public_pages_let_a_cdn_cache_them(client):
    for response in (client.get(ABOUT_EN), client.get(ABOUT_EN)):
        control = response["Cache-Control"]
        assert "public" in control
        assert "s-maxage=300" in control
        assert "max-age=0" in control
        assert not response.cookies


def test_query_strings_are_separate_entries(client):
    people = client.get("/en/directory/?q=tremblay").content
    assert client.get("/en/directory/").content != people
    assert client.get("/en/directory/?q=tremblay")["X-Cache"] == "HIT"


def test_the_cache_is_off_unless_enabled(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(ABOUT_EN)
    assert "X-Cache" not in client.get(ABOUT_EN)


def test_publishing_in_the_admin_purges_both_languages_and_the_listings(client, editor):
    person = make_person(given_name="Ada", family_name="Cachepublish")
    profile_en, profile_fr = url_in(person, "en"), url_in(person, "fr")
    listings = ["/en/directory/?q=Cachepublish", "/fr/repertoire/?q=Cachepublish", "/en/", "/fr/"]
    for url in [profile_en, profile_fr, *listings]:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Cache"] == "HIT"

    data = form_data(editor.get(f"/admin/pages/{person.pk}/edit/").content.decode())
    data["position_title_en"] = "Cached Professor"
    data["position_title_fr"] = "Professeure en cache"
    data["action-publish"] = "action-publish"
    response = editor.post(f"/admin/pages/{person.pk}/edit/", data)
    assert response.status_code == 302

    en, fr = client.get(profile_en), client.get(profile_fr)
    assert en["X-Cache"] == "MISS" and fr["X-Cache"] == "MISS"
    assert "Cached Professor" in en.content.decode()
    assert "Professeure en cache" in fr.content.decode()
    for url in listings:
        assert client.get(url)["X-Cache"] == "MISS"
    assert "Cached Professor" in client.get(listings[0]).content.decode()
    assert "Professeure en cache" in client.get(listings[1]).content.decode()


def test_unpublishing_a_profile_removes_it_from_the_cached_directory(client):
    person = make_person(given_name="Zoé", family_name="Cachetest")
    profile_en, profile_fr = url_in(person, "en"), url_in(person, "fr")
    directory_en, directory_fr = "/en/directory/?q=Cachetest", "/fr/repertoire/?q=Cachetest"
    assert profile_en in client.get(directory_en).content.decode()
    assert profile_fr in client.get(directory_fr).content.decode()
    assert client.get(profile_en).status_code == 200
    assert client.get(profile_fr).status_code == 200

    person.unpublish()

    assert profile_en not in client.get(directory_en).content.decode()
    assert profile_fr not in client.get(directory_fr).content.decode()
    assert client.get(profile_en).status_code == 404
    assert client.get(profile_fr).status_code == 404


def test_moving_and_deleting_a_page_purge(client):
    person = make_person(given_name="Moved", family_name="Cachemove")
    profile = url_in(person, "en")
    assert client.get(profile).status_code == 200
    assert client.get(profile)["X-Cache"] == "HIT"
    person.move(about(), pos="last-child")
    assert client.get(profile).status_code == 301  # Wagtail's automatic redirect
    new_profile = url_in(Page.objects.get(pk=person.pk), "en")
    assert client.get(new_profile).status_code == 200
    Page.objects.get(pk=person.pk).delete()
    assert client.get(new_profile).status_code == 404


def test_a_draft_keeps_the_cache_and_a_snippet_change_purges_it(client):
    page = about()
    client.get(ABOUT_EN)
    page.title_en = "Draft title"
    page.save_revision()
    assert client.get(ABOUT_EN)["X-Cache"] == "HIT"

    from mila.models import ResearchTopic

    topic = ResearchTopic.objects.first()
    topic.name_en = "Renamed topic"
    topic.save()
    assert client.get(ABOUT_EN)["X-Cache"] == "MISS"


def test_a_publication_import_purges_the_publication_list(client):
    from publications.importing.bibtex_import import import_bibtex

    listing = "/en/research/publications/?q=Cacheable"
    assert "Cacheable paper" not in client.get(listing).content.decode()
    bib = "@article{cache1, title={A Cacheable paper}, author={Doe, Jane}, year={2024}}\n"
    import io

    report = import_bibtex(io.StringIO(bib))
    assert report.imported
    assert "Cacheable paper" in client.get(listing).content.decode()


def test_a_logged_in_user_never_gets_or_fills_the_cache(client, editor, django_assert_num_queries):
    client.get(ABOUT_EN)  # anonymous copy in the cache
    response = editor.get(ABOUT_EN)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "userbar" in response.content.decode() or "wagtail" in response.content.decode()
    # And an editor's view is not stored for the next anonymous visitor.
    page_cache.purge_all()
    editor.get(ABOUT_EN)
    assert client.get(ABOUT_EN)["X-Cache"] == "MISS"


def test_a_session_cookie_bypasses_the_cache(client):
    client.get(ABOUT_EN)
    client.cookies["sessionid"] = "whatever"
    assert "X-Cache" not in client.get(ABOUT_EN)


def test_a_preview_is_never_cached(client, editor):
    page = make_person(given_name="Pre", family_name="Cachepreview")
    data = form_data(editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    data["position_title_en"] = "Preview only title"
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    assert editor.post(preview_url, data).status_code == 200
    preview = editor.get(preview_url)
    assert "Preview only title" in preview.content.decode()
    assert "X-Cache" not in preview
    profile = url_in(page, "en")
    assert "Preview only title" not in client.get(profile).content.decode()
    assert "Preview only title" not in client.get(profile).content.decode()


def test_a_page_with_a_form_is_not_cached(client):
    contact = PartnerContactPage.objects.live().first()
    url = url_in(contact, "en")
    first = client.get(url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    second = client.get(url)
    assert "X-Cache" not in second
    assert "private" in second["Cache-Control"]


def test_a_page_with_a_message_is_not_cached(client):
    client.get(ABOUT_EN)
    client.cookies["messages"] = "anything"
    response = client.get(ABOUT_EN)
    assert "X-Cache" not in response


def test_posts_and_errors_are_not_cached(client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert "X-Cache" not in client.get("/en/no-such-page/")
    assert "X-Cache" not in client.post(ABOUT_EN)


def test_frontend_cache_purges_both_languages_and_listings(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:1/",
        }
    }
    purged = []
    monkeypatch.setattr(purge, "purge_frontend", lambda urls: purged.extend(urls))
    person = make_person(given_name="Purge", family_name="Frontendtest")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.save_revision().publish()
    paths = {urlsplit(url).path for url in purged}
    assert url_in(person, "en") in paths
    assert url_in(person, "fr") in paths
    assert {"/en/directory/", "/fr/repertoire/", "/en/", "/fr/"} <= paths


def test_frontend_cache_purges_publication_lists_after_an_import(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:1/",
        }
    }
    purged = []
    monkeypatch.setattr(purge, "purge_frontend", lambda urls: purged.extend(urls))
    from mila.signals import import_finished

    with django_capture_on_commit_callbacks(execute=True):
        import_finished.send(
            sender=None, source="api", label="test", user=None, imported=True, counts={}, errors=[]
        )
    index = PublicationIndexPage.objects.live().first()
    paths = {urlsplit(url).path for url in purged}
    assert url_in(index, "en") in paths and url_in(index, "fr") in paths
    assert {"/en/", "/fr/"} <= paths


def test_the_page_cache_works_on_redis(client, settings, django_assert_num_queries):
    import redis

    server = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{os.getpid()}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        },
    }
    redis_cache = caches["default"]
    try:
        assert "RedisCache" in type(redis_cache).__name__
        first = {url: client.get(url) for url in (ABOUT_EN, ABOUT_FR)}
        assert {response["X-Cache"] for response in first.values()} == {"MISS"}
        # Really in Redis, where every app server reads it: the generation and both pages.
        assert len(list(server.scan_iter(f"{prefix}:*:pagecache:*"))) >= 3
        with django_assert_num_queries(0):
            hits = {url: client.get(url) for url in (ABOUT_EN, ABOUT_FR)}
        for url, response in hits.items():
            assert response["X-Cache"] == "HIT"
            assert response.content == first[url].content
        page = about()
        page.title_en, page.title_fr = "Title via Redis", "Titre via Redis"
        page.save_revision().publish()
        for url, title in ((ABOUT_EN, "Title via Redis"), (ABOUT_FR, "Titre via Redis")):
            response = client.get(url)
            assert response["X-Cache"] == "MISS"
            assert title in response.content.decode()
            assert client.get(url)["X-Cache"] == "HIT"
    finally:
        stored = list(server.scan_iter(f"{prefix}:*"))
        if stored:
            server.delete(*stored)  # this test's keys only: db 15 is shared with other tests


def test_head_requests_get_the_cached_headers_without_a_body(client):
    client.get(ABOUT_EN)
    response = client.head(ABOUT_EN)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_a_cache_outage_serves_pages_uncached(client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    # Only the page cache's reads fail here; Wagtail's own cache use is not under test.
    monkeypatch.setattr(scope, "generation", down)
    response = client.get(ABOUT_EN)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_a_new_release_never_serves_what_another_release_stored(client, settings):
    assert client.get(ABOUT_EN)["X-Cache"] == "MISS"
    settings.RELEASE = "next-release"
    assert client.get(ABOUT_EN)["X-Cache"] == "MISS"
    assert client.get(ABOUT_EN)["X-Cache"] == "HIT"


def test_only_plain_data_is_remembered():
    with pytest.raises(TypeError, match="plain data"):
        page_cache.remembered("a page", lambda: about())
    assert page_cache.remembered("a title", lambda: about().title) == about().title


def test_what_is_content_is_derived_not_listed():
    from django.apps import apps

    from publications.models import IngestToken
    from sitesearch.models import SearchDocument

    # Every model of this project's apps is content unless its class says otherwise.
    for model in apps.get_models():
        if purge._is_project_app(model._meta.app_label):
            assert page_cache.is_content(model) is getattr(model, "is_content", True)
    assert not page_cache.is_content(IngestToken)
    assert not page_cache.is_content(SearchDocument)
    assert not page_cache.is_content(apps.get_model("sessions", "Session"))
    assert page_cache.is_content(apps.get_model("wagtailcore", "Site"))


def test_a_preview_reads_no_remembered_value_whoever_asks(editor, monkeypatch):
    """Callers of `remembered` need not pass the request: a preview is known for the whole
    request (mila.cache.scope), so neither a remembered value nor a card is read."""
    from django.core.cache import cache

    from mila.cache import scope

    seen = []
    page_cache.remembered("seen", lambda: seen.append("outside") or 1)
    with scope.preview():
        page_cache.remembered("seen", lambda: seen.append("preview") or 2)
    assert seen == ["outside", "preview"]

    page = make_person(given_name="Pre", family_name="Scopepreview")
    data = form_data(editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    assert editor.post(preview_url, data).status_code == 200
    read = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kw: read.append(key) or get(key, *args, **kw)
    )
    monkeypatch.setattr(
        cache,
        "get_many",
        lambda keys, *args, **kw: read.extend(keys) or get_many(keys, *args, **kw),
    )
    assert "Scopepreview" in editor.get(preview_url).content.decode()
    assert not [key for key in read if key.startswith(("derived:", "card:", "pagecache:"))]
