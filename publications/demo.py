"""Demo publications: the Research section, the publication index and mila/demo/publications.bib."""

from django.db import transaction
from wagtail.models import Page

from mila.demo import DATA_DIR
from pages.demo import ensure_page
from pages.models import StandardPage

from .importing.bibtex_import import import_bibtex
from .models import PublicationIndexPage

RESEARCH = {
    "slug_en": "research",
    "slug_fr": "recherche",
    "title_en": "Research",
    "title_fr": "Recherche",
    "show_in_menus": True,
    "search_description_en": "Research at Mila: publications by our members.",
    "search_description_fr": "La recherche à Mila : les publications de nos membres.",
    "intro_en": "Our members publish in the leading venues of machine learning and its "
    "applications.",
    "intro_fr": "Nos membres publient dans les principales revues et conférences en "
    "apprentissage automatique et dans ses domaines d’application.",
}
PUBLICATIONS = {
    "slug_en": "publications",
    "slug_fr": "publications",
    "title_en": "Publications",
    "title_fr": "Publications",
    "show_in_menus": True,
    "search_description_en": "Papers by Mila members, with citations in BibTeX and RIS.",
    "search_description_fr": "Les articles des membres de Mila, avec leurs références BibTeX "
    "et RIS.",
    "intro_en": "<p>Papers, preprints and theses by members of the institute. Filter them by "
    "year, research topic, author or type of venue, and download any selection as BibTeX.</p>",
    "intro_fr": "<p>Les articles, prépublications et thèses des membres de l’institut. "
    "Filtrez-les par année, thème de recherche, auteur ou type de publication, et téléchargez "
    "n’importe quelle sélection en BibTeX.</p>",
}


@transaction.atomic
def load(home, stdout):
    research = Page.objects.child_of(home).filter(slug_en=RESEARCH["slug_en"]).first()
    research = research.specific if research else ensure_page(home, StandardPage, RESEARCH, stdout)
    index = ensure_page(research, PublicationIndexPage, PUBLICATIONS, stdout)
    text = (DATA_DIR / "publications.bib").read_text(encoding="utf-8")
    report = import_bibtex(text, index_page=index)
    for error in report.errors:
        stdout.write(f"Demo publications: {error}")
    if report.counts["created"]:
        stdout.write(f"Imported {report.counts['created']} publications.")
