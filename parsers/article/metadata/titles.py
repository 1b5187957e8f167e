"""The article's title, chosen among the titles a page states.

A page states its title several times: the visible ``<h1>`` (or several: a site logo is often one),
``og:title``, ``twitter:title``, the JSON-LD ``headline`` and the ``<title>``. The head titles often
carry the site's name (" | Site", "Site - "), and the JSON-LD headline is often an SEO variant. The
rule, in order:

1. the first ``<h1>`` that equals a head title (with or without the site's name);
2. the ``<h1>`` that a head title confirms: the head title is that ``<h1>`` plus an affix (" -
   Section", " | Site"), or its first 70 % or more (a title cut short for search results); the
   longest when several are ("Headline | Site" confirms a logo ``<h1>`` "Site" too);
3. the first ``<h1>`` at least 30 % of whose words are in the head titles: head titles are often SEO
   rewrites of the visible headline, while an ``<h1>`` on no head title's subject is a section name,
   a form or a logo, and a one- or two-word ``<h1>`` that is a part of a head title ("Opinion" of
   "Opinion | Headline") is a section label;
4. the head title, without a site-naming affix, that the other head titles confirm most; on a tie
   the first of JSON-LD headline, og:title, twitter:title, ``<title>``; one that is just the site's
   name never;
5. the first ``<h1>``.

A logo ``<h1>`` that names the site is never the title.

An affix is removed only when it names the site: og:site_name, the publisher's or WebSite's JSON-LD
name, or the host ("example.com", "example"). A " - " or ": " inside a real title is never cut on a
guess; only a " | " part of at most four words is taken for a site name when nothing names the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»~/]|::)\s+|\s*[|:]\s+|\s*\|\s*")
_AFFIX_CHARS = " |-–—:·•»~/"
_KEY = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}  # example.co.uk
_MAX_SITE_WORDS = 4
_MIN_NAME_PREFIX = 8  # characters of a site name's start (or of a longer form of it) in an affix
_MAX_H1_CHARS = 300
_MIN_SHARED_WORDS = 0.3  # an <h1> no head title confirms shares this share of its words with them
_MAX_SECTION_WORDS = 2
_MIN_PREFIX_SHARE = 0.7  # a head title this share of the <h1> long, and its start, is the <h1> cut short


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


@dataclass(frozen=True, slots=True)
class SiteNames:
    """What names the site: the names it gives itself (as keys) and its host."""

    keys: frozenset[str] = frozenset()
    host: str = ""  # "news.example.co.uk", without "www."
    domain: str = ""  # the registered name: "example"

    def named_by(self, text: str) -> bool:
        """``text`` is exactly a site name, the host, or a piece of the host ("lessonslearned")."""
        key = _key(text)
        if not key:
            return False
        host_key = _key(self.host)
        return key in self.keys or key in (host_key, self.domain) or (len(key) >= 5 and key in host_key)

    def in_affix(self, part: str) -> bool:
        """A title part that names the site, or the start of its name, or its name and more; a short
        part containing the domain counts too.

        "The Motley Fool" on fool.com, "Koia – Drink Koia Online" on koia.com.
        """
        if not _key(part):
            return True  # a separator-only or emoji part
        if self.named_by(part):
            return True
        key = _key(part)
        if len(key) >= _MIN_NAME_PREFIX and any(k.startswith(key) or key.startswith(k) for k in self.keys):
            return True  # "Thrive Internet Marketing" of "Thrive Internet Marketing Agency"
        return len(part.split()) <= _MAX_SITE_WORDS and len(self.domain) >= 4 and self.domain in key


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # "http://[::1" and other unparsable URLs
        return ""


def site_names(names: Iterable[str | None], url: str | None) -> SiteNames:
    """The site's names (og:site_name, publisher...) and host, for recognising them in titles."""
    names = [n for n in names if n]
    keys = {_key(n) for n in names}
    # "WFA" for "World Future Awards": sites abbreviate their own name in title affixes.
    keys.update(_key("".join(w[0] for w in n.split())) for n in names if len(n.split()) >= 3)
    host = _host(url).removeprefix("www.")
    labels = host.split(".")
    domain = ""
    if len(labels) >= 2:
        domain = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else labels[-2]
    return SiteNames(frozenset(k for k in keys if k), host, _key(domain))


def strip_site_affix(title: str, site: SiteNames) -> str:
    """``title`` without leading and trailing parts that name the site."""
    if site.host and title.casefold().startswith(site.host + " "):
        title = title[len(site.host) :].strip()  # "example.com Headline"
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    start, end = 0, len(parts)
    while end - start > 1 and site.in_affix(parts[end - 1]):
        end -= 1
    while end - start > 1 and site.in_affix(parts[start]):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    # Cut the original string, so separators inside the kept span stay as the page wrote them.
    kept_first, kept_last = parts[start], parts[end - 1]
    begin = title.find(kept_first) if start else 0
    finish = title.rfind(kept_last) + len(kept_last) if end < len(parts) else len(title)
    return title[begin:finish].strip(_AFFIX_CHARS) or title


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """``<title>`` without the " - Site Name" part sites append (or prepend).

    With no site name known, only a short " | " part is taken for one: a dash or colon may be part
    of the headline itself.
    """
    if site_name:
        stripped = strip_site_affix(title, site_names([site_name], None))
        if stripped != title:
            return stripped
    parts = [p.strip() for p in title.split("|")]
    if len(parts) < 2:
        return title
    longest = max(parts, key=len)
    if all(len(p.split()) <= _MAX_SITE_WORDS for p in parts if p is not longest):
        return longest
    return title


def h1_title(h1: str) -> str:
    """An ``<h1>``'s text as a title candidate: " | " parts hold a label or the site too ("Headline |
    Opinion"), and the short ones go, as in a ``<title>`` whose site is not known."""
    return strip_site_suffix(h1, None)


def _confirms(head: str, h1: str, site: SiteNames) -> bool:
    """Whether a head title is ``h1``, ``h1`` plus an affix, or ``h1`` cut short (an SEO length limit)."""
    head_key, h1_key = _key(strip_site_affix(head, site)), _key(h1)
    if not h1_key or site.named_by(h1):
        return False
    if head_key == h1_key:
        return True
    if len(head_key) >= _MIN_PREFIX_SHARE * len(h1_key) and len(head.split()) >= 3 and h1_key.startswith(head_key):
        return True
    parts = _SEPARATOR.split(head)
    for cut in range(1, len(parts)):
        before, after = " ".join(parts[:cut]), " ".join(parts[cut:])
        if _key(before) == h1_key and _is_affix(after, before):
            return True
        if _key(after) == h1_key and _is_affix(before, after):
            return True
    return False


def _is_affix(affix: str, title: str) -> bool:
    return len(affix) < len(title) or len(affix.split()) <= _MAX_SITE_WORDS


def _shares_words(h1: str, head_words: set[str]) -> bool:
    """At least 30 % of the ``<h1>``'s words are in the head titles."""
    words = _WORD.findall(h1.casefold())
    return bool(words) and sum(w in head_words for w in words) >= _MIN_SHARED_WORDS * len(words)


def _section_label(h1: str, head_parts: set[str]) -> bool:
    """A one- or two-word ``<h1>`` that is a part of a head title: "Opinion" of "Opinion | Headline"."""
    return len(h1.split()) <= _MAX_SECTION_WORDS and _key(h1) in head_parts


def choose_title(h1s: Sequence[str], heads: Sequence[str | None], site: SiteNames) -> tuple[str | None, list[str]]:
    """The title and every distinct title variant the page states (for locating the headline).

    ``heads`` are the head titles in order of trust (JSON-LD headline, og:title, twitter:title,
    ``<title>``).
    """
    h1s = [h1_title(h) for h in h1s if h and len(h) <= _MAX_H1_CHARS]
    stated = [h for h in heads if h]
    stripped = [strip_site_affix(h, site) for h in stated]
    variants = list(dict.fromkeys([*h1s, *stripped, *stated]))
    head_keys = {_key(h) for h in stated + stripped}
    for h1 in h1s:
        if _key(h1) in head_keys and not site.named_by(h1):
            return h1, variants
    confirmed = [h1 for h1 in h1s if any(_confirms(head, h1, site) for head in stated)]
    if confirmed:
        return max(confirmed, key=len), variants
    # No head title confirms an <h1>: the visible headline still wins when it is on the same subject
    # (head titles are often SEO rewrites of it), not when it is a logo, a section name or a form.
    head_words = {w for h in stated for w in _WORD.findall(h.casefold())}
    head_parts = {_key(part) for h in stated for part in _SEPARATOR.split(h) if part != h}
    for h1 in h1s:
        if not site.named_by(h1) and not _section_label(h1, head_parts) and _shares_words(h1, head_words):
            return h1, variants
    # No <h1> fits: the head title the other head titles agree with most, by order of trust on a tie.
    supported = [
        (sum(j != i and _confirms(other, head, site) for j, other in enumerate(stated)), -i, head)
        for i, head in enumerate(stripped)
        if not site.named_by(head)
    ]
    if supported:
        return max(supported)[2], variants
    if h1s:
        return h1s[0], variants
    return (stripped[0] if stripped else None), variants
