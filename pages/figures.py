"""The home page's live figures and calls to action, computed from the database on each visit.

Other apps' models are looked up by name when needed, so pages/ does not import their code and
a figure whose app is missing is simply left out.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext, npgettext
from wagtail.models import Page

from mila.cache import remembered
from mila.signals import PUBLICATIONS

# The directory's `membership` values that make someone a faculty member.
FACULTY_MEMBERSHIPS = ("core", "associate")

LISTING_PAGES = {
    "directory": "people.PeopleIndexPage",
    "publications": "publications.PublicationIndexPage",
    "projects": "partnerships.PartnerProjectIndexPage",
    "startups": "partnerships.StartupIndexPage",
    "programs": "pages.ProgramIndexPage",
    "partner_form": "partnerships.PartnerContactPage",
}


@dataclass
class Figure:
    value: int
    label: str
    url: str = ""
    details: list = field(default_factory=list)


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def listing_urls(request):
    """{key of LISTING_PAGES: URL of the first published page of that type} in one query."""
    models = {key: _model(label) for key, label in LISTING_PAGES.items()}
    content_types = ContentType.objects.get_for_models(*[m for m in models.values() if m])
    key_for_type = {content_types[model].pk: key for key, model in models.items() if model}
    pages = Page.objects.live().public().filter(content_type__in=key_for_type).order_by("path")
    urls = {}
    for page in pages:
        key = key_for_type[page.content_type_id]
        if key not in urls:
            urls[key] = page.get_url(request)
    return urls


def _with_query(url, query):
    return f"{url}?{query}" if url else ""


def _count_live(model_label):
    model = _model(model_label)
    return model.objects.live().public().count() if model else None


def people_figures(urls):
    person_model = _model("people.PersonPage")
    if person_model is None:
        return []
    counts = (
        person_model.objects.live()
        .public()
        .aggregate(
            faculty=Count("pk", filter=Q(membership_type__in=FACULTY_MEMBERSHIPS)),
            core=Count("pk", filter=Q(membership_type="core")),
            associate=Count("pk", filter=Q(membership_type="associate")),
            chairs=Count("pk", filter=Q(cifar_chair=True)),
        )
    )
    directory = urls.get("directory", "")
    # `membership=academic` is the directory's filter for core and associate members together.
    faculty = Figure(
        counts["faculty"],
        npgettext("figure", "faculty member", "faculty members", counts["faculty"]),
        _with_query(directory, "membership=academic"),
        details=[
            {
                "label": ngettext("%(count)s core member", "%(count)s core members", counts["core"])
                % {"count": counts["core"]},
                "url": _with_query(directory, "membership=core"),
            },
            {
                "label": ngettext(
                    "%(count)s associate member",
                    "%(count)s associate members",
                    counts["associate"],
                )
                % {"count": counts["associate"]},
                "url": _with_query(directory, "membership=associate"),
            },
        ],
    )
    chairs = Figure(
        counts["chairs"],
        npgettext("figure", "Canada CIFAR AI Chair", "Canada CIFAR AI Chairs", counts["chairs"]),
        _with_query(directory, "chair=on"),
    )
    return [faculty, chairs]


def publication_figures(urls, today):
    publication_model = _model("publications.PublicationPage")
    if publication_model is None:
        return []
    years = (today.year, today.year - 1)

    def count():
        return (
            publication_model.objects.live()
            .public()
            # The two years' papers only, through the date index: not a read of the archive.
            .filter(
                publication_date__gte=datetime.date(min(years), 1, 1),
                publication_date__lte=datetime.date(max(years), 12, 31),
            )
            .aggregate(
                **{str(year): Count("pk", filter=Q(publication_date__year=year)) for year in years}
            )
        )

    try:
        # Kept until the papers change, not until any publish (60 ms at 100,000 papers).
        counts = remembered(f"papers-per-year:{years}", count, depends_on=PUBLICATIONS)
    except FieldError:
        return []
    return [
        Figure(
            counts[str(year)],
            npgettext(
                "figure", "publication in %(year)s", "publications in %(year)s", counts[str(year)]
            )
            % {"year": year},
            _with_query(urls.get("publications", ""), f"year={year}"),
        )
        for year in years
    ]


def home_figures(urls, today):
    figures = people_figures(urls) + publication_figures(urls, today)
    projects = _count_live("partnerships.PartnerProjectPage")
    if projects is not None:
        figures.append(
            Figure(
                projects,
                npgettext("figure", "partner project", "partner projects", projects),
                urls.get("projects", ""),
            )
        )
    startups = _count_live("partnerships.StartupPage")
    if startups is not None:
        figures.append(
            Figure(
                startups,
                npgettext("figure", "startup", "startups", startups),
                urls.get("startups", ""),
            )
        )
    return figures


def calls_to_action(urls):
    actions = []
    if urls.get("partner_form"):
        actions.append(
            {
                "heading": gettext("Become a partner"),
                "text": gettext(
                    "Work with our researchers on applied projects, meet our students at the "
                    "job fairs and join the partner community."
                ),
                "label": gettext("Contact the partnerships team"),
                "url": urls["partner_form"],
            }
        )
    if urls.get("programs"):
        actions.append(
            {
                "heading": gettext("Study with us"),
                "text": gettext(
                    "Internships, master’s, PhD and postdoctoral programs with our partner "
                    "universities."
                ),
                "label": gettext("Explore the programs"),
                "url": urls["programs"],
            }
        )
    return actions
