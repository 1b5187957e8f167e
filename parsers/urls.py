"""URL normalisation: one spelling per page, so the same article fetched through different links
(tracking parameters, fragments, case, default ports, trailing slashes) is stored once.

AMP and mobile variants are not guessed from the URL: the extractor returns the page's canonical
link, and the warehouse keys articles by the normalised canonical URL.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a click or a campaign, never the page.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "s_cid", "cmpid", "ocid",
        "ncid", "sr_share", "share", "ref_src", "ref_url", "spm", "at_medium", "at_campaign",
        "ito", "itm_source", "itm_medium", "itm_campaign", "itm_content", "cid_source",
    }
)
_TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_", "at_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Already normalised (lower-case host, no port, query, fragment or trailing slash): most URLs.
_PLAIN_RE = re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*(?:/|/[^?#\s]*[^/?#\s])")


def normalize_url(url: str) -> str:
    """The canonical spelling of `url`; idempotent, and non-http(s) input comes back stripped.

    Lower-cases scheme and host, drops credentials (user:password@), default ports, the
    fragment, tracking parameters (utm_*, fbclid, gclid, ...) and a trailing slash (the root keeps its "/"), sorts the remaining
    query parameters. Path case and the scheme itself (http vs https) are kept: both can name a
    different resource.
    """
    if _PLAIN_RE.fullmatch(url):
        return url
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    while path.endswith("/") and len(path) > 1:
        path = path[:-1]
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


def link_url(url: str) -> str:
    """The URL to request for a link a feed or sitemap lists: without credentials (a document
    must never choose them), fragment or tracking parameters; otherwise as the site spells it
    (its trailing slash and parameter order spare a redirect)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = parts.query
    if query and _has_tracking(query):
        query = _clean_query(query, sort=False)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def strip_userinfo(url: str) -> str:
    """`url` without its `user:password@` part: the spelling that may be stored or shown."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def _has_tracking(query: str) -> bool:
    return any(_is_tracking(k) for k, _ in parse_qsl(query, keep_blank_values=True))


def _clean_query(query: str, sort: bool = True) -> str:
    if not query:
        return ""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)]
    return urlencode(sorted(kept) if sort else kept)


_NETLOC_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")


def url_host(url: str) -> str:
    """The lower-cased network location (host[:port], no credentials) of `url`: the key of
    per-site state."""
    m = _NETLOC_RE.match(url.strip())
    return m.group(1).rsplit("@", 1)[-1].lower() if m else ""
