"""robots.txt (RFC 9309) to rules: which paths an agent may fetch, its Crawl-delay, the sitemaps.

Matching follows the RFC rather than `urllib.robotparser`: the group naming our product token
wins over `*`, the longest matching rule decides, Allow wins a tie, and `*` / `$` are wildcards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

# RFC 9309 lets a crawler stop reading after 500 KiB.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(slots=True)
class _Rule:
    allow: bool
    path: str
    pattern: re.Pattern[str]


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(slots=True)
class RobotsRules:
    """Parsed robots.txt; `allow_all()` / `disallow_all()` stand for a missing / unusable file."""

    groups: list[_Group] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    blanket: bool | None = None  # True: everything allowed, False: everything disallowed

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls(blanket=True)

    @classmethod
    def disallow_all(cls) -> RobotsRules:
        return cls(blanket=False)

    def allowed(self, url: str, agent: str) -> bool:
        """May `agent` (a product token such as "mediamon") fetch `url`?"""
        if self.blanket is not None:
            return self.blanket
        parts = urlsplit(url)
        path = _normalise(parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best: _Rule | None = None
        for rule in self._rules_for(agent):
            if rule.pattern.match(path) and (
                best is None
                or len(rule.path) > len(best.path)
                or (len(rule.path) == len(best.path) and rule.allow)
            ):
                best = rule
        return best is None or best.allow

    def crawl_delay(self, agent: str) -> float | None:
        for group in self._groups_for(agent):
            if group.crawl_delay is not None:
                return group.crawl_delay
        return None

    def _groups_for(self, agent: str) -> list[_Group]:
        token = agent.lower()
        specific = [g for g in self.groups if token in g.agents]
        return specific or [g for g in self.groups if "*" in g.agents]

    def _rules_for(self, agent: str) -> list[_Rule]:
        return [rule for group in self._groups_for(agent) for rule in group.rules]


def parse_robots(data: bytes) -> RobotsRules:
    """Parse a robots.txt body; never raises. Unknown lines are ignored, as the RFC asks."""
    text = data[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
    rules = RobotsRules()
    current: _Group | None = None
    last_was_agent = False
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if current is None or not last_was_agent:
                current = _Group()
                rules.groups.append(current)
            current.agents.append(value.split("/", 1)[0].strip().lower())
            last_was_agent = True
            continue
        last_was_agent = False
        if key == "sitemap" and value:
            rules.sitemaps.append(value)
        elif current is None:
            continue
        elif key in ("allow", "disallow"):
            if value:  # an empty Disallow allows everything: no rule needed
                current.rules.append(_rule(key == "allow", value))
        elif key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay >= 0:
                current.crawl_delay = delay
    return rules


def _rule(allow: bool, path: str) -> _Rule:
    path = _normalise(path)
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return _Rule(allow=allow, path=path, pattern=re.compile(regex + ("$" if anchored else "")))


def _normalise(path: str) -> str:
    """Percent-encode consistently so "/caf%C3%A9" and "/café" compare equal."""
    return quote(unquote(path), safe="/*$?=&;:@+,!~'()%")
