"""Date strings as pages write them, to timezone-aware datetimes.

A date without a zone is taken in the zone the caller knows the page uses (``zone``), else as
UTC: a few hours off is better than a naive datetime that the warehouse cannot compare. Dates in
the future are never returned: a page cannot have been published after it was fetched, so such a
date is a template placeholder or a time-zone bug. Neither are empty-field placeholders (year 1,
the Unix epoch).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

_ISO_LIKE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            # English with its short forms; then the full names in French, German, Spanish, Italian,
            # Portuguese and Dutch (their short forms are English words: "set", "out", "ago").
            ("jan", "january", "janvier", "januar", "enero", "gennaio", "janeiro", "januari"),
            ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"),
            ("mar", "march", "mars", "märz", "marzo", "março", "maart"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio", "maio", "mei"),
            ("jun", "june", "juin", "juni", "junio", "giugno", "junho"),
            ("jul", "july", "juillet", "juli", "julio", "luglio", "julho"),
            ("aug", "august", "août", "aout", "agosto", "augustus"),
            ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "setembro"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "outubro"),
            ("nov", "november", "novembre", "noviembre", "novembro"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "14 November 2026", "November 14, 2026", "Nov. 14th 2026", "2026 Nov 14", and "14. März 2026",
# "1er mars 2026", "14 de marzo de 2026": how pages print a date.
_WRITTEN_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({MONTH_NAMES})\.?,?\s+(?:de\s+)?((?:19|20)\d{{2}})"
    rf"|({MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})"
    rf"|((?:19|20)\d{{2}})\s+({MONTH_NAMES})\.?\s+(\d{{1,2}}))\b",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
# "23.07.2025", "17.05.2021": a dotted numeric date is day first everywhere it is used.
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b")
# "2/24/2026", "23/12/2025": month first or day first; read only where one of the two is over 12.
_SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_MIN_YEAR = 1800  # archives go back far; anything older is a placeholder
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")


def _zone(text: str | None, default: tzinfo = timezone.utc) -> tzinfo:
    if not text:
        return default
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(text: str | None, zone: tzinfo = timezone.utc) -> datetime | None:
    """An ISO 8601, RFC 2822, compact (YYYYMMDD) or written-out date as an aware datetime, else None.

    ``zone`` is the page's own zone, for a date that states none.
    """
    if not text:
        return None
    text = text.strip()
    try:
        match = _ISO_LIKE.search(text)
        if match:
            y, mo, d, h, mi, s, offset = match.groups()
            return datetime(
                int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=_zone(offset, zone)
            )
        match = _COMPACT.match(text)
        if match:
            y, mo, d, h, mi, s = match.groups()
            return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=zone)
        parsed = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return written_date(text, zone)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def written_date(text: str, zone: tzinfo = timezone.utc) -> datetime | None:
    """A date written out in words ("4 October 2026", "12. März 2025"), at midnight in ``zone``."""
    # The month names make the full pattern slow to try at every position; most texts hold no year.
    match = _YEAR.search(text) and _WRITTEN_DATE.search(text)
    if not match:
        return None
    d1, m1, y1, m2, d2, y2, y3, m3, d3 = match.groups()
    day, month, year = (d1, m1, y1) if d1 else (d2, m2, y2) if d2 else (d3, m3, y3)
    try:
        return datetime(int(year), _MONTHS[month.lower()], int(day), tzinfo=zone)
    except ValueError:
        return None


def text_date(text: str, zone: tzinfo = timezone.utc) -> datetime | None:
    """A date as a page prints it: written out, ISO, dotted day-first, or an unambiguous d/m/y or m/d/y."""
    found = written_date(text, zone)
    if found:
        return found
    match = _ISO_LIKE.search(text)
    if match:
        return parse_date(match.group(0), zone)
    try:
        match = _DOTTED_DATE.search(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime(year, month, day, tzinfo=zone)
        match = _SLASHED_DATE.search(text)
        if match:
            first, second, year = (int(g) for g in match.groups())
            if first > 12 >= second:
                return datetime(year, second, first, tzinfo=zone)
            if second > 12 >= first:
                return datetime(year, first, second, tzinfo=zone)
    except ValueError:
        return None
    return None


def url_date(url: str | None) -> datetime | None:
    """The /YYYY/MM/DD/ date many sites put in article URLs, at midnight UTC."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return datetime(*(int(g) for g in match.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None


def plausible_date(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """``value`` made aware, or None when it lies in the future or is a placeholder.

    Placeholders are what empty date fields serialise to: year 1 ("0001-01-01") and the Unix epoch.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    if value > (now or datetime.now(timezone.utc)) or value.year < _MIN_YEAR or value == _EPOCH:
        return None
    return value
