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

    Lower-cases scheme and host, drops default ports, the fragment, tracking parameters
    (utm_*, fbclid, gclid, ...) and a trailing slash (the root keeps its "/"), sorts the remaining
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
    if parts.username:
        auth = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{auth}@{netloc}"
    path = parts.path or "/"
    while path.endswith("/") and len(path) > 1:
        path = path[:-1]
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


def _clean_query(query: str) -> str:
    if not query:
        return ""
    kept = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlencode(sorted(kept))


_NETLOC_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")


def url_host(url: str) -> str:
    """The lower-cased network location (host[:port]) of `url`: the key of per-site state."""
    m = _NETLOC_RE.match(url.strip())
    return m.group(1).lower() if m else ""
