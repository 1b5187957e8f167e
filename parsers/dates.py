"""Date strings as pages write them, to timezone-aware datetimes.

A date without a zone is taken as UTC: a few hours off is better than a naive datetime that the
warehouse cannot compare. Dates in the future are never returned: a page cannot have been
published after it was fetched, so such a date is a template placeholder or a time-zone bug.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_ISO_LIKE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")


def _zone(text: str | None) -> timezone:
    if not text or text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(text: str | None) -> datetime | None:
    """An ISO 8601, RFC 2822 or compact (YYYYMMDD) date string as an aware datetime, else None."""
    if not text:
        return None
    text = text.strip()
    try:
        match = _ISO_LIKE.search(text)
        if match:
            y, mo, d, h, mi, s, zone = match.groups()
            return datetime(
                int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=_zone(zone)
            )
        match = _COMPACT.match(text)
        if match:
            y, mo, d, h, mi, s = match.groups()
            return datetime(
                int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=timezone.utc
            )
        parsed = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


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


def not_future(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """``value`` made aware, or None when it lies in the future."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    if value > (now or datetime.now(timezone.utc)):
        return None
    return value
