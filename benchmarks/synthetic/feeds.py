"""Feeds and sitemaps of the synthetic newsroom: RSS 2.0, Atom, RSS 1.0 and Google News sitemaps.

Each takes `(url, story)` pairs, newest first, already chosen by the layout.
"""

from __future__ import annotations

from email.utils import format_datetime
from html import escape

from benchmarks.synthetic.text import Story

Items = list[tuple[str, Story]]


def rss20(self_url: str, base: str, name: str, items: Items) -> str:
    entries = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{u}</link>
<dc:creator><![CDATA[{s.authors[0]}]]></dc:creator><pubDate>{format_datetime(s.published)}</pubDate>
<category><![CDATA[{s.section}]]></category><guid isPermaLink="false">{base}/?p={s.index}</guid>
<description><![CDATA[{s.summary} [&#8230;]]]></description></item>"""
        for u, s in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>{escape(name)}</title><atom:link href="{self_url}" rel="self" type="application/rss+xml"/>
<link>{base}/</link><description>{escape(name)}</description><language>en-US</language>
<generator>https://wordpress.org/?v=6.6.2</generator>
{entries}
</channel></rss>
"""


def atom(self_url: str, base: str, name: str, items: Items) -> str:
    entries = "\n".join(
        f"""<entry><title>{escape(s.title)}</title><link rel="alternate" type="text/html" href="{u}"/>
<id>tag:{base.split('//')[1]},2025:article:{s.index}</id><published>{s.published.isoformat()}</published>
<updated>{s.modified.isoformat()}</updated>{''.join(f'<author><name>{a}</name></author>' for a in s.authors)}
<category term="{s.section}"/><summary type="text">{escape(s.summary)}</summary></entry>"""
        for u, s in items
    )
    updated = items[0][1].modified.isoformat() if items else "2025-01-01T00:00:00+00:00"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>{escape(name)}</title>
<link rel="self" type="application/atom+xml" href="{self_url}"/><link rel="alternate" type="text/html" href="{base}/"/>
<id>{self_url}</id><updated>{updated}</updated>
{entries}
</feed>
"""


def rss10(self_url: str, base: str, name: str, items: Items) -> str:
    seq = "\n".join(f'<rdf:li rdf:resource="{u}"/>' for u, _ in items)
    entries = "\n".join(
        f"""<item rdf:about="{u}"><title>{escape(s.title)}</title><link>{u}</link>
<description>{escape(s.summary)} ...</description><dc:date>{s.published.isoformat()}</dc:date><dc:creator>{escape(s.authors[0])}</dc:creator></item>"""
        for u, s in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{self_url}"><title>{escape(name)}</title><link>{base}/</link><description>{escape(name)}</description>
<items><rdf:Seq>
{seq}
</rdf:Seq></items></channel>
{entries}
</rdf:RDF>
"""


def sitemap_index(children: list[tuple[str, Story]]) -> str:
    """`children`: each child sitemap's URL with its newest story (for lastmod)."""
    rows = "\n".join(
        f"<sitemap><loc>{u}</loc><lastmod>{s.modified.isoformat()}</lastmod></sitemap>" for u, s in children
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{rows}
</sitemapindex>
"""


def news_sitemap(name: str, items: Items) -> str:
    rows = "\n".join(
        f"""<url><loc>{u}</loc><lastmod>{s.modified.isoformat()}</lastmod><news:news>
<news:publication><news:name>{escape(name)}</news:name><news:language>en</news:language></news:publication>
<news:publication_date>{s.published.isoformat()}</news:publication_date><news:title>{escape(s.title)}</news:title></news:news></url>"""
        for u, s in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{rows}
</urlset>
"""
