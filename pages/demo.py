"""Demo site, home page and editorial pages (see mila/demo/pages.toml)."""

import json

from django.db import transaction
from wagtail.models import Page, Site

from mila.demo import read_data
from mila.models import FooterLink, Institution, MainMenuLink, NavigationSettings

from .models import HomeFeaturedItem, HomePage, ProgramIndexPage, ProgramPage, StandardPage

INTAKE_FIELDS = {"fall": "intake_fall", "winter": "intake_winter", "summer": "intake_summer"}


def _stream(blocks):
    return json.dumps(blocks or [])


@transaction.atomic
def load_site(stdout):
    data = read_data("pages.toml")
    home = _ensure_home(data["home"], stdout)
    _ensure_site(home)
    for entry in data["page"]:
        ensure_page(home, StandardPage, entry, stdout)
    load_programs(home, stdout)
    return home


def load_programs(home, stdout):
    """The program listing and one page per program (see mila/demo/programs.toml)."""
    data = read_data("programs.toml")
    index = ensure_page(home, ProgramIndexPage, data["index"], stdout)
    institutions = {item.short_name: item for item in Institution.objects.all()}
    for entry in data["program"]:
        fields = dict(entry)
        extra = {INTAKE_FIELDS[term]: True for term in fields.pop("intake")}
        extra["partner_universities"] = [institutions[name] for name in fields.pop("universities")]
        for field_name in ("how_to_apply", "faq"):
            block_type = "step" if field_name == "how_to_apply" else "question"
            for language in ("en", "fr"):
                key = f"{field_name}_{language}"
                fields[key] = _stream(
                    [{"type": block_type, "value": value} for value in fields.get(key, [])]
                )
        ensure_page(index, ProgramPage, fields, stdout, **extra)


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


def _pages_by_path(home, paths):
    url_paths = [f"{home.url_path_en}{path}/" for path in paths]
    pages = {page.url_path_en: page for page in Page.objects.filter(url_path_en__in=url_paths)}
    return {
        path: pages[url_path]
        for path, url_path in zip(paths, url_paths, strict=True)
        if url_path in pages
    }


def load_featured(home, entries):
    """The home page's featured items, set once; they point at pages of several apps."""
    if home.featured_items.exists():
        return
    pages = _pages_by_path(home, [entry["path"] for entry in entries])
    for order, entry in enumerate(entries):
        if entry["path"] in pages:
            HomeFeaturedItem.objects.create(
                home=home,
                page=pages[entry["path"]],
                blurb_en=entry["blurb_en"],
                blurb_fr=entry["blurb_fr"],
                sort_order=order,
            )


@transaction.atomic
def load_navigation(home):
    """Main menu, footer and home page features, set once (after every app has created its
    pages)."""
    data = read_data("pages.toml")
    load_featured(home, data["home"].get("featured", []))
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
        pages = _pages_by_path(home, paths)
        for order, path in enumerate(paths):
            if path in pages:
                link_model.objects.create(setting=navigation, page=pages[path], sort_order=order)
