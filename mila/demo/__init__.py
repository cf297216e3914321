"""Demo content: readable data files in this folder, loaded by `manage.py load_demo`."""

import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read_data(name):
    with (DATA_DIR / name).open("rb") as data_file:
        return tomllib.load(data_file)


def load_vocabularies(stdout):
    """Research topics and institutions, matched by slug and short name."""
    from mila.models import Institution, ResearchTopic

    for entry in read_data("topics.toml")["topic"]:
        _topic, created = ResearchTopic.objects.get_or_create(
            slug=entry["slug"], defaults={"name_en": entry["name_en"], "name_fr": entry["name_fr"]}
        )
        if created:
            stdout.write(f"Created research topic “{entry['name_en']}”.")
    for entry in read_data("institutions.toml")["institution"]:
        Institution.objects.get_or_create(
            short_name=entry["short_name"],
            defaults={"name_en": entry["name_en"], "name_fr": entry["name_fr"]},
        )
