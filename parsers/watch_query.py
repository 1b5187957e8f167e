"""Watchlist queries: a pure parser and matcher, no database.

Grammar (keywords upper-case; adjacent terms mean AND):

    query  := or
    or     := and ("OR" and)*
    and    := unary (["AND"] unary)*
    unary  := "NOT" unary | "(" or ")" | '"phrase"' | word

Terms match case-insensitively as whole words: "MEK" matches "the MEK said" but not "Mekong";
a phrase matches its words in order, separated by any run of spaces or punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

MAX_NESTING = 100  # parentheses and NOTs inside one another: far beyond a real query
_TOKEN_RE = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|([^\s()"]+))')


class QueryError(ValueError):
    """A watch query that cannot be parsed; the message says where."""


@dataclass(frozen=True, slots=True)
class Term:
    phrase: str  # lower-cased words joined by single spaces

    @property
    def pattern(self) -> re.Pattern[str]:
        return _term_pattern(self.phrase)


@dataclass(frozen=True, slots=True)
class Not:
    child: "Node"


@dataclass(frozen=True, slots=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple["Node", ...]


Node = Union[Term, Not, And, Or]


def parse_query(query: str) -> Node:
    tokens = _tokenize(query)
    if not tokens:
        raise QueryError("empty query")
    node, pos = _parse_or(tokens, 0, 0)
    if pos != len(tokens):
        raise QueryError(f"unexpected {tokens[pos][1]!r} at token {pos + 1}")
    return node


def matches(node: Node, text: str) -> bool:
    """Whether `text` satisfies the query."""
    return _eval(node, text, text.lower(), {})


class Matcher:
    """Several named queries compiled once, matched against many texts."""

    def __init__(self, queries: dict[str, str]) -> None:
        self.queries = {name: parse_query(q) for name, q in queries.items()}

    def required_phrases(self) -> list[str] | None:
        """Phrases (lower-cased words joined by single spaces) of which a text needs at least one
        to satisfy any query, or None when some query can match without any (say `NOT sport`)."""
        if not all(_needs_term(node) for node in self.queries.values()):
            return None
        return sorted({t.phrase for node in self.queries.values() for t in _positive_terms(node)})

    def __call__(self, text: str) -> list[str]:
        """The names of the queries `text` satisfies."""
        lowered = text.lower()
        cache: dict[str, bool] = {}
        return [name for name, node in self.queries.items() if _eval(node, text, lowered, cache)]


def _positive_terms(node: Node) -> list[Term]:
    """The terms not under a NOT: the only ones whose presence can make a text match."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for child in node.children for t in _positive_terms(child)]


def _needs_term(node: Node) -> bool:
    """Whether every text satisfying `node` contains at least one of its terms."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_needs_term(c) for c in node.children)
    return all(_needs_term(c) for c in node.children)


def _eval(node: Node, text: str, lowered: str, cache: dict[str, bool]) -> bool:
    if isinstance(node, Term):
        if node.phrase not in cache:
            # The substring test is cheap and rules out almost every text before the regex.
            first = node.phrase.split(" ", 1)[0]
            cache[node.phrase] = first in lowered and bool(node.pattern.search(text))
        return cache[node.phrase]
    if isinstance(node, Not):
        return not _eval(node.child, text, lowered, cache)
    if isinstance(node, And):
        return all(_eval(c, text, lowered, cache) for c in node.children)
    return any(_eval(c, text, lowered, cache) for c in node.children)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _term_pattern(phrase: str) -> re.Pattern[str]:
    if phrase not in _PATTERNS:
        body = r"\W+".join(re.escape(w) for w in phrase.split(" "))
        _PATTERNS[phrase] = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    return _PATTERNS[phrase]


def _tokenize(query: str) -> list[tuple[str, str]]:
    """(kind, value) pairs; kind is "(", ")", "term" or an operator name."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        m = _TOKEN_RE.match(query, pos)
        if not m:
            raise QueryError(f"unbalanced quote at character {pos + 1}")
        pos = m.end()
        if m.group(1) or m.group(2):
            tokens.append((m.group(1) or m.group(2), m.group(1) or m.group(2)))
        elif m.group(3) is not None:
            words = re.findall(r"\w+", m.group(3).lower())
            if not words:
                raise QueryError(f"empty phrase {m.group(0).strip()!r}")
            tokens.append(("term", " ".join(words)))
        elif m.group(4) in ("AND", "OR", "NOT"):
            tokens.append((m.group(4), m.group(4)))
        else:
            words = re.findall(r"\w+", m.group(4).lower())
            if words:
                tokens.append(("term", " ".join(words)))
    return tokens


def _parse_or(tokens: list[tuple[str, str]], pos: int, depth: int) -> tuple[Node, int]:
    children = []
    node, pos = _parse_and(tokens, pos, depth)
    children.append(node)
    while pos < len(tokens) and tokens[pos][0] == "OR":
        node, pos = _parse_and(tokens, pos + 1, depth)
        children.append(node)
    return (children[0] if len(children) == 1 else Or(tuple(children))), pos


def _parse_and(tokens: list[tuple[str, str]], pos: int, depth: int) -> tuple[Node, int]:
    children = []
    node, pos = _parse_unary(tokens, pos, depth)
    children.append(node)
    while pos < len(tokens) and tokens[pos][0] not in ("OR", ")"):
        if tokens[pos][0] == "AND":
            pos += 1
        node, pos = _parse_unary(tokens, pos, depth)
        children.append(node)
    return (children[0] if len(children) == 1 else And(tuple(children))), pos


def _parse_unary(tokens: list[tuple[str, str]], pos: int, depth: int) -> tuple[Node, int]:
    if pos >= len(tokens):
        raise QueryError("query ends where a term was expected")
    if depth > MAX_NESTING:
        raise QueryError(f"parentheses and NOTs nested more than {MAX_NESTING} deep")
    kind, value = tokens[pos]
    if kind == "NOT":
        child, pos = _parse_unary(tokens, pos + 1, depth + 1)
        return Not(child), pos
    if kind == "(":
        node, pos = _parse_or(tokens, pos + 1, depth + 1)
        if pos >= len(tokens) or tokens[pos][0] != ")":
            raise QueryError("missing ')'")
        return node, pos + 1
    if kind == "term":
        return Term(value), pos + 1
    raise QueryError(f"unexpected {value!r} at token {pos + 1}")
