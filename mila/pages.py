"""What every page type of the site is: BasePage, IndexPage and their routing.

A page type says what it means on its own class: the group its search results come under
(`search_kind`), its Open Graph type and schema.org object (`og_type`, `structured_data`),
the fields that describe it and picture it in link previews (`description_fields`,
`social_image_fields`), and it previews in English or French. sitesearch and mila.seo read
these attributes; no registry elsewhere has to be told about a new page type.

The kernel imports no app: foreign keys to app models are strings ("people.PersonPage").
"""

from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

LANGUAGE_MODES = [("en", _("English")), ("fr", _("French"))]


class SearchKind(NamedTuple):
    """A group of the site search's results: its value, its label, and where it comes."""

    value: str
    label: str
    position: int = 100


# The route each page type declares, kept before wagtail-modeltranslation replaces it.
_declared_routes = {}


def _current_language():
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def child_by_slug(parent, slug):
    """The child whose slug in the current language is `slug`, in one query (or None).

    A child without a slug in this language is reached by its default-language slug, as
    wagtail-modeltranslation's fallback does.
    """
    language = _current_language()
    children = Page.objects.child_of(parent)
    return children.filter(**{f"slug_{language}": slug}).first() or (
        children.filter(slug_en=slug)
        .filter(Q(**{f"slug_{language}__isnull": True}) | Q(**{f"slug_{language}": ""}))
        .first()
    )


class BasePage(Page):
    """The abstract base of every page type of the site."""

    # The group of the site search's results this page comes under.
    search_kind = SearchKind("pages", _("Pages"), 80)
    # False for pages searched by their own index (publications): no site search document.
    has_search_documents = True
    og_type = "website"
    # Fields that can describe the page when it has no search description, in this order.
    description_fields = ("search_description", "intro")
    # Image fields that can picture the page in link previews, in this order; an image's
    # alternative text is the field `<name>_alt` when the page has one.
    social_image_fields = ()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _declared_routes[cls] = cls.__dict__.get("route")

    def route(self, request, path_components):
        """This page, or the child whose slug in the current language comes next, in one query.

        wagtail-modeltranslation's `route` compares the slug of every child in Python, which
        loads all of a listing's children (hundreds of profiles, thousands of papers) for each
        request; `install_routes` puts this one back. Wagtail's RoutablePageMixin tries its
        sub-routes (feeds, calendars, exports) first and then calls this.
        """
        if not path_components:
            if self.live:
                return RouteResult(self)
            raise Http404
        child = child_by_slug(self, path_components[0])
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        return child.specific.route(request, path_components[1:])

    # Description and picture for search engines and link previews (mila.seo).

    def get_description(self):
        for name in self.description_fields:
            value = getattr(self, name, "")
            if isinstance(value, str) and value.strip():
                return Truncator(strip_tags(value).strip()).chars(200)
        return ""

    def get_social_image(self):
        """(image, alternative text) of the page's picture, or None."""
        for name in self.social_image_fields:
            picture = getattr(self, name, None)
            if picture is not None and hasattr(picture, "get_rendition"):
                return picture, getattr(self, f"{name}_alt", "") or picture.title
        return None

    def structured_data(self, request):
        """This page's own schema.org object (a Person, a program...), or None."""
        return None

    # Preview in English or in French, in Wagtail's preview panel (its own size switch gives
    # the mobile, tablet and desktop widths). Form pages keep their own modes.

    @property
    def preview_modes(self):
        return LANGUAGE_MODES

    def serve_preview(self, request, mode_name):
        return serve_in_language(request, mode_name, super().serve_preview)


def serve_in_language(request, mode_name, serve_preview):
    language = mode_name if mode_name in dict(LANGUAGE_MODES) else None
    if not language:
        return serve_preview(request, mode_name)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = serve_preview(request, mode_name)
        # Render now, while the language is active (TemplateResponse is lazy).
        if hasattr(response, "render"):
            response.render()
        return response


class Routable(RoutablePageMixin):
    """Wagtail's sub-routes (feeds, calendars, exports) on a BasePage, previewed in a language.

    Use it in place of RoutablePageMixin: its `serve_preview` renders the "/" route without
    calling BasePage's, so the language modes would not apply.
    """

    def serve_preview(self, request, mode_name):
        return serve_in_language(
            request, mode_name, lambda *args: RoutablePageMixin.serve_preview(self, *args)
        )


class IndexPage(BasePage):
    """A listing of one type of child page: an introduction, then its children, page by page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]

    page_size = 20
    # The listing of its children it shows as `listing` (mila.listing.Listing or a subclass
    # that declares its facets and ordering); an index with more to say builds its own.
    listing_class = None

    class Meta:
        abstract = True

    def children(self):
        """The live, public pages this index lists (of its one subpage type)."""
        (model,) = self.allowed_subpage_models()
        return model.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.listing_class is not None:
            context["listing"] = self.listing_class(
                self.children(), request.GET, self.page_size, cache_key=self.pk
            )
        return context


class PersonOrName(Orderable):
    """A person in a page's list (a speaker, a founder): a link to their profile, or only the
    name an editor typed for someone without one here. Subclasses add the ParentalKey and may
    redeclare `person` for a reverse name and `name` for their own help text."""

    person = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("profile"),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("For people without a profile on this site."),
    )

    panels = [PageChooserPanel("person", "people.PersonPage"), FieldPanel("name")]
    missing_name_message = _("Choose a profile or type the name.")

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.person_id and not self.name.strip():
            raise ValidationError(self.missing_name_message)

    def save(self, *args, **kwargs):
        # Keep the name too, so it still shows if the profile is deleted one day.
        if self.person_id and not self.name:
            self.name = self.person.full_name
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.person.full_name if self.person_id else self.name

    @property
    def profile(self):
        """The linked profile when it is published."""
        return self.person if self.person_id and self.person.live else None


def page_types():
    """Every concrete page type of the site."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]


def install_routes():
    """Give every page type back its own `route` (BasePage's unless it declares one).

    wagtail-modeltranslation assigns its `route` to every translated page model in its
    ready(), which runs before the site's apps' (INSTALLED_APPS order). Upstream:
    wagtail_modeltranslation/patch_wagtailadmin.py `_new_route`; tests/site/test_page_types.py
    fails when an upgrade changes it.
    """
    for model in page_types():
        declared = _declared_routes.get(model)
        if model.__dict__.get("route") is declared:
            continue
        if declared is None:
            del model.route
        else:
            model.route = declared
