"""Generated papers for benchmarks and bulk data: pipeline JSON and BibTeX, seeded."""

import random

WORDS = [
    "learning",
    "deep",
    "neural",
    "reinforcement",
    "graph",
    "sparse",
    "robust",
    "causal",
    "efficient",
    "scalable",
    "bayesian",
    "generative",
    "diffusion",
    "transformer",
    "attention",
    "representation",
    "contrastive",
    "federated",
    "adversarial",
    "optimal",
    "kernel",
    "stochastic",
    "variational",
    "policy",
    "reward",
    "agent",
    "language",
    "vision",
    "molecular",
    "climate",
    "medical",
    "protein",
    "retrieval",
    "reasoning",
    "planning",
]
GIVEN = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Élise",
    "Farid",
    "Greta",
    "Hugo",
    "Inès",
    "Jamal",
    "Kenji",
    "Léa",
    "Mateo",
    "Nadia",
    "Omar",
]
FAMILY = [
    "Tremblay",
    "Nguyen",
    "Roy",
    "Gagnon",
    "Côté",
    "Okafor",
    "Haddad",
    "Li",
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Kim",
]
VENUES = [
    ("NeurIPS.cc/{year}/Conference", "conference"),
    ("ICML.cc/{year}/Conference", "conference"),
    ("Transactions on Machine Learning Research", "journal"),
    ("NeurIPS.cc/{year}/Workshop/Climate", "workshop"),
]


def _title(rng, number):
    words = rng.sample(WORDS, 7)
    return f"{' '.join(words).capitalize()} {number}"


def _name(rng):
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.randint(1, 400)}"


def generate_papers(count, seed=1, profile_slugs=(), offset=0):
    """Pipeline-shaped papers (paper-export.json), ~5 authors, two releases, three links."""
    rng = random.Random(seed)
    papers = []
    for number in range(offset, offset + count):
        year = rng.randint(2015, 2025)
        venue_name, venue_type = rng.choice(VENUES)
        authors = []
        for position in range(rng.randint(2, 8)):
            links = [{"type": "semantic_scholar", "link": str(10_000_000 + rng.randint(0, 10**6))}]
            if profile_slugs and position == 0 and rng.random() < 0.3:
                links.append({"type": "bio", "link": rng.choice(profile_slugs)})
            authors.append(
                {
                    "author": {
                        "author_id": f"{number}-{position}",
                        "name": _name(rng),
                        "links": links,
                    }
                }
            )
        papers.append(
            {
                "paper_id": f"bench{number:08d}",
                "title": _title(rng, number),
                "abstract": " ".join(rng.choices(WORDS, k=150)),
                "authors": authors,
                "releases": [
                    {
                        "venue": {
                            "name": venue_name.format(year=year),
                            "type": venue_type,
                            "date": {"text": f"{year}-{rng.randint(1, 12):02d}", "precision": 2},
                            "publisher": None,
                            "volume": None,
                        },
                        "peer_reviewed": True,
                        "status": rng.choice(["poster", "oral", "published"]),
                        "pages": None,
                    },
                    {
                        "venue": {
                            "name": "ArXiv",
                            "type": "preprint",
                            "date": {"text": f"{year - 1}-11-02", "precision": 3},
                        },
                        "peer_reviewed": False,
                        "status": "preprint",
                    },
                ],
                "topics": [{"name": topic} for topic in rng.sample(WORDS[:12], 2)],
                "links": [
                    {
                        "type": "arxiv.abstract",
                        "link": f"{year % 100:02d}{rng.randint(1, 12):02d}.{number % 100000:05d}",
                    },
                    {"type": "doi.abstract", "link": f"10.5555/bench.{number}"},
                    {"type": "pdf", "link": "", "url": f"https://example.org/papers/{number}.pdf"},
                ],
            }
        )
    return papers


def generate_bibtex(count, seed=2, offset=0):
    rng = random.Random(seed)
    entries = ['@string{tmlr = "Transactions on Machine Learning Research"}']
    for number in range(offset, offset + count):
        authors = " and ".join(
            f"{rng.choice(FAMILY)}{rng.randint(1, 400)}, {rng.choice(GIVEN)}"
            for _author in range(rng.randint(2, 8))
        )
        entries.append(
            f"@article{{bench{number},\n"
            f"  author = {{{authors}}},\n"
            f"  title = {{{_title(rng, number)} with {{\\'e}}t{{\\'e}}}},\n"
            f"  journal = tmlr,\n  year = {{{rng.randint(2015, 2025)}}},\n  month = mar,\n"
            f"  volume = {{{rng.randint(1, 30)}}},\n  pages = {{{number}--{number + 12}}},\n"
            f"  doi = {{10.5556/bench.{number}}},\n"
            f"  abstract = {{{' '.join(rng.choices(WORDS, k=150))}}}\n}}\n"
        )
    return "\n".join(entries)
