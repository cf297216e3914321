"""Demo site, home page and editorial pages (see mila/demo/pages.toml)."""

import json

from django.db import transaction
from wagtail.models import Page, Site

from mila.demo import read_data
from mila.models import FooterLink, MainMenuLink, NavigationSettings

from .models import HomePage, StandardPage


def _stream(blocks):
    return json.dumps(blocks or [])


@transaction.atomic
def load_site(stdout):
    data = read_data("pages.toml")
    home = _ensure_home(data["home"], stdout)
    _ensure_site(home)
    for entry in data["page"]:
        ensure_page(home, StandardPage, entry, stdout)
    return home


def _ensure_home(data, stdout):
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a "Welcome" placeholder page that takes the home slug.
    Page.objects.filter(depth=2, content_type__model="page", numchild=0).delete()
    home = HomePage(
        title_en=data["title_en"],
        title_fr=data["title_fr"],
        slug_en="home",
        slug_fr="accueil",
        intro_en=data["intro_en"],
        intro_fr=data["intro_fr"],
        body_en=_stream(data.get("body_en")),
        body_fr=_stream(data.get("body_fr")),
    )
    root.add_child(instance=home)
    stdout.write("Created the home page.")
    return home


def _ensure_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Mila"
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return site


def ensure_page(parent, page_class, entry, stdout, **extra):
    """Create the page under `parent` unless a page with its English slug is already there.

    Existing pages are left untouched, so running the loader again changes nothing and keeps
    what editors changed.
    """
    existing = page_class.objects.child_of(parent).filter(slug_en=entry["slug_en"]).first()
    if existing:
        return existing
    fields = {key: value for key, value in entry.items() if not key.startswith("body_")}
    for key in ("body_en", "body_fr"):
        if key in entry:
            fields[key] = _stream(entry[key])
    page = page_class(**fields, **extra)
    parent.add_child(instance=page)
    stdout.write(f"Created {page_class._meta.verbose_name} “{page.title_en}”.")
    return page


@transaction.atomic
def load_navigation(home):
    """Main menu and footer, set once (after every app has created its pages)."""
    data = read_data("pages.toml")
    navigation = NavigationSettings.for_site(Site.objects.get(root_page=home))
    if navigation.main_links.exists() or navigation.footer_links.exists():
        return
    footer = data["footer"]
    navigation.footer_text_en = footer["text_en"]
    navigation.footer_text_fr = footer["text_fr"]
    navigation.contact_email = footer["contact_email"]
    navigation.save()
    for link_model, paths in (
        (MainMenuLink, data["navigation"]["main"]),
        (FooterLink, data["navigation"]["footer"]),
    ):
        url_paths = [f"{home.url_path_en}{path}/" for path in paths]
        pages = {page.url_path_en: page for page in Page.objects.filter(url_path_en__in=url_paths)}
        for order, url_path in enumerate(url_paths):
            if url_path in pages:
                link_model.objects.create(
                    setting=navigation, page=pages[url_path], sort_order=order
                )
