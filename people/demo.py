"""Demo directory and profiles (see mila/demo/people.toml)."""

from django.db import transaction

from mila.demo import read_data
from mila.models import Institution, ResearchTopic
from mila.text import fold
from pages.demo import ensure_page

from .models import PeopleIndexPage, PersonPage

DIRECTORY = {
    "slug_en": "directory",
    "slug_fr": "repertoire",
    "title_en": "Directory",
    "title_fr": "Répertoire",
    "show_in_menus": True,
    "intro_en": "<p>Professors, industry members and staff of the institute. Filter by research "
    "topic, institution or membership, or find the supervisors accepting new students.</p>",
    "intro_fr": "<p>Les professeurs, membres industriels et employés de l’institut. Filtrez par "
    "thème de recherche, établissement ou type de membre, ou trouvez les superviseurs qui "
    "acceptent de nouveaux étudiants.</p>",
}
DEGREE_FIELDS = {
    "msc": "accepts_msc",
    "phd": "accepts_phd",
    "postdoc": "accepts_postdoc",
    "internship": "accepts_interns",
}


@transaction.atomic
def load(home, stdout):
    directory = ensure_page(home, PeopleIndexPage, DIRECTORY, stdout)
    existing = set(PersonPage.objects.child_of(directory).values_list("slug_en", flat=True))
    topics = {topic.slug: topic for topic in ResearchTopic.objects.all()}
    institutions = {item.short_name: item for item in Institution.objects.all()}
    created = 0
    for entry in read_data("people.toml")["person"]:
        person = _person(entry, institutions)
        if person.default_slug in existing:
            continue
        person.research_topics = [topics[slug] for slug in entry["topics"]]
        directory.add_child(instance=person)
        created += 1
    if created:
        stdout.write(f"Created {created} profiles.")


def _person(entry, institutions):
    person = PersonPage(
        given_name=entry["given_name"],
        family_name=entry["family_name"],
        is_example=entry["example"],
        membership_type=entry["membership"],
        position_title_en=entry["title_en"],
        position_title_fr=entry["title_fr"],
        institution=institutions.get(entry["institution"]),
        department_en=entry["department_en"],
        department_fr=entry["department_fr"],
        extra_roles_en=entry["roles_en"],
        extra_roles_fr=entry["roles_fr"],
        cifar_chair=entry["cifar_chair"],
        bio_en=entry["bio_en"],
        bio_fr=entry["bio_fr"],
        accepting_students=entry["accepting_students"],
        website=entry["website"],
        google_scholar_url=entry["google_scholar"],
        orcid=entry["orcid"],
        github_username=entry["github"],
        openreview_id=entry["openreview_id"],
        semantic_scholar_id=entry["semantic_scholar_id"],
        email=entry["email"],
        email_visibility=entry["email_visibility"],
        sort_key=fold(f"{entry['family_name']} {entry['given_name']}"),
    )
    for degree in entry["degrees"]:
        setattr(person, DEGREE_FIELDS[degree], True)
    return person
