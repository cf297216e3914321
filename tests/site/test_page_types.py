"""Every page type is a BasePage: it says its search group, link preview and JSON-LD itself,
previews in English or French, and reaches its children with one query whatever their number.

Also the guards for what the site replaces at start-up (mila.pages.install_routes): they fail
when a wagtail-modeltranslation or Wagtail upgrade changes the code it stands in for.
"""

import inspect

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import PAGE_MODEL_CLASSES, Page
from wagtail_modeltranslation import patch_wagtailadmin

from mila import seo
from mila.pages import BasePage, IndexPage, SearchKind, _declared_routes, page_types
from news.models import NewsIndexPage
from sitesearch.documents import is_searchable, kind_of
from sitesearch.models import kinds
from tests.factories import UserFactory, directory, make_person


def test_what_wagtail_modeltranslation_replaces_is_what_install_routes_expects():
    patch = inspect.getsource(patch_wagtailadmin.WagtailTranslator._patch_page_models)
    assert "model.route = _new_route" in patch
    route = inspect.getsource(patch_wagtailadmin._new_route)
    # Its child lookup loads every child: the reason for BasePage.route.
    assert "for page in subpages:" in route and "self.get_children()" in route
    # The sources themselves are pinned in tests/site/test_upstream_replacements.py.


def test_every_page_type_routes_with_its_own_route_not_modeltranslations():
    for model in page_types():
        assert model.route is not patch_wagtailadmin._new_route, model
        declared = _declared_routes[model]
        assert model.__dict__.get("route") is declared, model


def test_every_page_type_is_a_base_page():
    from wagtail.models import get_page_models

    site_types = [model for model in get_page_models() if model is not Page]
    assert site_types and all(issubclass(model, BasePage) for model in site_types)
    assert set(page_types()) == {model for model in site_types if not model._meta.abstract}


def test_search_groups_come_from_the_page_types_in_their_order():
    assert [value for value, _label in kinds()] == [
        "people",
        "publications",
        "projects",
        "startups",
        "programs",
        "news",
        "events",
        "pages",
    ]


def test_every_page_type_previews_in_english_and_french_except_forms():
    for model in page_types():
        if issubclass(model, FormMixin):
            assert [mode for mode, _label in model().preview_modes] == ["form", "landing"]
            continue
        assert [mode for mode, _label in model().preview_modes] == ["en", "fr"], model


@pytest.mark.django_db
def test_routable_pages_preview_in_the_chosen_language():
    index = NewsIndexPage.objects.live().first()
    index.intro_en, index.intro_fr = "<p>Read our news.</p>", "<p>Lisez nos nouvelles.</p>"
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True)
    french = index.make_preview_request(request, "fr")
    english = index.make_preview_request(request, "en")
    assert "Lisez nos nouvelles." in french.content.decode()
    assert '<html lang="fr"' in french.content.decode()
    assert "Read our news." in english.content.decode()


@pytest.mark.django_db
def test_finding_a_profile_reads_the_same_whatever_the_directory_size():
    people = directory()
    first = make_person(given_name="Ada", family_name="Routing")
    request = RequestFactory().get("/")

    def queries_to_route(person):
        with translation.override("fr"), CaptureQueriesContext(connection) as queries:
            result = people.route(request, [person.slug_fr])
        assert result.page.pk == person.pk
        return len(queries)

    before = queries_to_route(first)
    for number in range(30):
        make_person(given_name="Extra", family_name=f"Person{number}")
    assert queries_to_route(first) == before <= 3


@pytest.mark.django_db
def test_a_child_without_a_french_slug_is_reached_by_its_english_one():
    person = make_person(given_name="Only", family_name="English")
    Page.objects.filter(pk=person.pk).update(slug_fr="")
    with translation.override("fr"):
        result = directory().route(RequestFactory().get("/"), [person.slug_en])
    assert result.page.pk == person.pk


@pytest.mark.django_db
def test_a_new_page_type_gets_search_seo_and_previews_by_inheriting_base_page():
    """docs/adding-a-page-type.md, checked: a research group page, declared as that doc says."""

    class ResearchGroupPage(BasePage):
        lead = models.TextField(blank=True)
        search_kind = SearchKind("groups", _("Research groups"), 45)
        og_type = "article"
        description_fields = ("search_description", "lead")

        class Meta:
            app_label = "tests"

        def structured_data(self, request):
            return {"@type": "ResearchProject", "name": self.title}

    try:
        group = ResearchGroupPage(title="Vision lab", lead="<p>We teach machines to see.</p>")
        group.depth = 3
        request = RequestFactory().get("/en/research/vision-lab/")
        meta = seo.page_meta(group, request)
        assert meta["type"] == "article"
        assert meta["description"] == "We teach machines to see."
        graph = seo.structured_data(group, request, ancestors=[])["@graph"]
        assert {"@type": "ResearchProject", "name": "Vision lab"} in graph
        assert kind_of(group) == "groups" and is_searchable(group)
        assert [mode for mode, _label in group.preview_modes] == ["en", "fr"]
        assert ResearchGroupPage.route is BasePage.route
        assert issubclass(NewsIndexPage, IndexPage)
    finally:
        PAGE_MODEL_CLASSES.remove(ResearchGroupPage)
        _declared_routes.pop(ResearchGroupPage)
        apps.all_models["tests"].pop("researchgrouppage")
