"""Deterministic English-like stories for the synthetic newsroom.

Everything derives from `(seed, outlet, index)`, so the server regenerates a page on every request
instead of keeping it, and two runs with one seed serve byte-identical pages (hence stable ETags).
Stop-words are mixed in at a natural rate so that the language check reads the text as English.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2025, 3, 1, tzinfo=UTC)
STEP = timedelta(minutes=4)  # between two consecutive stories of the whole newsroom

_STOP = (
    "the the the and and of of to to in in is that for it with was on as are by this be at from "
    "have not a a an their its after before over under while but or they he she we"
).split()
_WORDS = (
    "council budget river harbour school hospital election minister committee report village city "
    "market price energy wind solar rail tram bus bridge road museum library festival season team "
    "coach match record rain storm flood drought farmer harvest fishing quota tenant housing rent "
    "planning permit court judge ruling appeal police officer witness evidence inquiry audit mayor "
    "district province region border treaty summit talks agreement deal union strike wage worker "
    "factory plant company profit loss share investor bank loan rate inflation growth export import "
    "science study researcher data survey climate forest species bird whale coast island mountain "
    "valley street square park garden theatre concert film novel author painter gallery exhibition "
    "doctor nurse patient vaccine clinic ambulance water supply pipe network internet phone app "
    "software device battery vehicle airport flight train station ferry port cargo ship crew "
    "volunteer charity donation fund grant scheme programme policy reform law bill vote campaign "
    "party leader candidate debate poll result office building tower heritage history archive "
    "morning evening week month year decade century spring summer autumn winter night weekend "
    "resident family child student teacher parent neighbour owner visitor tourist driver rider "
    "said announced confirmed warned expected agreed rejected proposed opened closed raised cut "
    "built repaired delayed approved signed launched reported found measured estimated described "
    "new old local national regional public private small large early late strong weak higher "
    "lower final first second third recent annual several many few most other local central"
).split()
_FIRST = "Ada Ben Clara Dev Elena Farid Greta Hugo Ines Jonas Kemal Lena Mara Nils Omar Priya Ravi Sofia Tomas Una".split()
_LAST = "Holt Nair Berg Wendt Haddad Marsh Okafor Lindqvist Moreau Santos Kowalski Tanaka Reyes Brandt Ochoa Varga".split()
SECTIONS = ("politics", "business", "science", "culture", "sport", "world", "local", "travel")


def rng_for(*key: object) -> random.Random:
    """A generator seeded by `key` (string seeding hashes the whole key, so keys never collide)."""
    return random.Random(":".join(map(str, key)))


@dataclass(frozen=True, slots=True)
class Story:
    """What feeds, sitemaps and listing pages need of an article; the body is made separately."""

    outlet: int
    index: int
    title: str
    slug: str
    summary: str
    authors: tuple[str, ...]
    section: str
    published: datetime
    modified: datetime


def story(seed: int, outlets: int, outlet: int, index: int, section: str) -> Story:
    rng = rng_for(seed, "story", outlet, index)
    words = [rng.choice(_WORDS) for _ in range(rng.randint(5, 9))]
    title = " ".join([words[0].capitalize(), *words[1:3], rng.choice(("after", "as", "for", "in")), *words[3:]])
    published = EPOCH + STEP * (index * outlets + outlet)
    return Story(
        outlet=outlet,
        index=index,
        title=title,
        slug="-".join(words[:6]) + f"-{index}",
        summary=sentence(rng, 18, 30),
        authors=tuple(person(rng) for _ in range(rng.choice((1, 1, 1, 2)))),
        section=section,
        published=published,
        modified=published + timedelta(minutes=rng.choice((0, 0, 35, 240))),
    )


def person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def sentence(rng: random.Random, low: int, high: int) -> str:
    n = rng.randint(low, high)
    words = [rng.choice(_STOP) if rng.random() < 0.38 else rng.choice(_WORDS) for _ in range(n)]
    if n > 10 and rng.random() < 0.4:
        words[n // 2] += ","
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraphs(seed: int, outlet: int, index: int) -> list[str]:
    """The body: 4,000 to 6,000 characters in paragraphs of two to six sentences."""
    rng = rng_for(seed, "body", outlet, index)
    target = rng.randint(4000, 6000)
    out: list[str] = []
    size = 0
    while size < target:
        para = " ".join(sentence(rng, 9, 26) for _ in range(rng.randint(2, 6)))
        out.append(para)
        size += len(para) + 1
    return out


def outlet_name(seed: int, outlet: int) -> str:
    rng = rng_for(seed, "outlet", outlet)
    place = rng.choice(_WORDS).capitalize() + rng.choice(("ford", "bury", "mouth", "dale", "wick", "haven"))
    return f"{place} {rng.choice(('Courier', 'Ledger', 'Herald', 'Gazette', 'Notes', 'Observer'))}"


def outlet_motto(seed: int, outlet: int) -> str:
    """A sentence on every page of the outlet: the chrome that only repetition can find."""
    return sentence(rng_for(seed, "motto", outlet), 14, 20)
