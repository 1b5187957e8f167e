"""HTML of the synthetic newsroom: three article templates and a homepage.

The templates differ the way real sites do, so that every extraction path is exercised: a
WordPress theme (entry-content, share row, tag list, sidebar), a newspaper (meta tags, JSON-LD
NewsArticle, cookie banner, itemprop=articleBody, related stories, newsletter pitch) and a plain
blog (bare markup, no metadata beyond the title). Each outlet repeats its own motto on every page.
"""

from __future__ import annotations

import json
from html import escape

from benchmarks.synthetic.text import Story


def _iso(story: Story) -> str:
    return story.published.isoformat()


def wordpress(url: str, base: str, name: str, motto: str, story: Story, body: list[str], related: list[tuple[str, Story]]) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    recent = "\n".join(f'<li><a href="{u}">{escape(s.title)}</a></li>' for u, s in related)
    tags = ", ".join(f'<a href="{base}/tag/{w}/" rel="tag">{w}</a>' for w in story.slug.split("-")[:3])
    return f"""<!doctype html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{escape(story.title)} – {escape(name)}</title>
<meta name="description" content="{escape(story.summary)}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:site_name" content="{escape(name)}">
<meta property="og:title" content="{escape(story.title)}">
<meta property="article:published_time" content="{_iso(story)}">
<meta name="author" content="{escape(story.authors[0])}">
<meta name="generator" content="WordPress 6.6.2">
<link rel="alternate" type="application/rss+xml" title="{escape(name)} &raquo; Feed" href="{base}/feed/">
<script src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>
</head>
<body class="post-template-default single single-post wp-embed-responsive">
<div id="page" class="site"><header id="masthead" class="site-header">
<p class="site-title"><a href="{base}/" rel="home">{escape(name)}</a></p>
<p class="site-description">{escape(motto)}</p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{base}/">Home</a></li><li><a href="{base}/category/politics/">Politics</a></li>
<li><a href="{base}/category/business/">Business</a></li><li><a href="{base}/about/">About</a></li>
</ul></nav></header>
<div id="content" class="site-content"><main id="primary" class="site-main">
<article class="post type-post status-publish format-standard hentry category-{story.section}">
<header class="entry-header"><h1 class="entry-title">{escape(story.title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{_iso(story)}">{story.published:%B %d, %Y}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="{base}/author/a/">{escape(story.authors[0])}</a></span></span></div>
</header>
<div class="entry-content">
{paras}
<div class="sfsi_widget"><p>Share this:</p><ul><li><a href="https://twitter.com/share">Twitter</a></li><li><a href="https://facebook.com/sharer">Facebook</a></li><li><a href="mailto:?subject=story">Email</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{base}/category/{story.section}/" rel="category tag">{story.section}</a></span>
<span class="tags-links">Tags: {tags}</span></footer>
</article></main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
{recent}
</ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">{escape(motto)} Proudly powered by WordPress.</div></footer>
</div></body></html>
"""


def newspaper(url: str, base: str, name: str, motto: str, story: Story, body: list[str], related: list[tuple[str, Story]]) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    more = "\n".join(f'<li><a href="{u}">{escape(s.title)}</a></li>' for u, s in related)
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
        "description": story.summary, "datePublished": _iso(story),
        "dateModified": story.modified.isoformat(),
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "publisher": {"@type": "NewsMediaOrganization", "name": name, "url": f"{base}/"},
        "articleSection": story.section, "inLanguage": "en",
    })
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(story.title)} | {escape(name)}</title>
<meta name="description" content="{escape(story.summary)}">
<link rel="canonical" href="{url}">
<meta name="author" content="{escape(', '.join(story.authors))}">
<meta property="og:type" content="article"><meta property="og:site_name" content="{escape(name)}">
<meta property="og:title" content="{escape(story.title)}">
<meta property="article:published_time" content="{_iso(story)}">
<meta property="article:modified_time" content="{story.modified.isoformat()}">
<meta property="article:section" content="{story.section}">
<script type="application/ld+json">{ld}</script>
<link rel="alternate" type="application/atom+xml" title="{escape(name)}" href="{base}/feeds/{story.section}.atom">
<script>window.dataLayer=window.dataLayer||[];window.cfg={{"section":"{story.section}","consentRequired":true}};</script>
</head>
<body class="page-article section-{story.section}">
<div id="cookie-consent" class="consent-banner" role="dialog"><p>We use cookies and similar technologies to run this site, measure our audience and show you relevant advertising. You can change your choices at any time.</p>
<button>Accept all</button><button>Manage choices</button></div>
<header class="masthead"><a class="logo" href="{base}/">{escape(name)}</a>
<nav class="sections"><a href="{base}/politics/">Politics</a> <a href="{base}/business/">Business</a> <a href="{base}/science/">Science</a> <a href="{base}/sport/">Sport</a> <a href="{base}/world/">World</a></nav></header>
<main><article class="story">
<p class="kicker"><a href="{base}/{story.section}/">{story.section.capitalize()}</a></p>
<h1 class="headline">{escape(story.title)}</h1>
<p class="standfirst">{escape(story.summary)}</p>
<p class="byline">By {escape(' and '.join(story.authors))} · <time datetime="{_iso(story)}">{story.published:%d %B %Y, %H:%M}</time></p>
<div class="story-body" itemprop="articleBody">
{paras}
</div>
<aside class="newsletter"><h3>Get the morning briefing</h3><p>The five stories you need, in your inbox before seven. Sign up to our free newsletter.</p></aside>
<section class="related"><h2>More on this story</h2><ul>
{more}
</ul></section>
</article></main>
<footer class="site-footer"><p>{escape(motto)}</p><p>© {story.published.year} {escape(name)} Media Group. All rights reserved.</p>
<ul><li><a href="{base}/privacy/">Privacy</a></li><li><a href="{base}/terms/">Terms</a></li><li><a href="{base}/contact/">Contact</a></li></ul></footer>
</body></html>
"""


def blog(url: str, base: str, name: str, motto: str, story: Story, body: list[str], related: list[tuple[str, Story]]) -> str:
    paras = "\n\n".join(f"<p>{p}</p>" for p in body)
    older = " | ".join(f'<a href="{u}">{escape(s.title)}</a>' for u, s in related[:2])
    return f"""<html>
<head><title>{escape(story.title)}</title></head>
<body>
<div id="header"><h1><a href="{base}/">{escape(name)}</a></h1><p>{escape(motto)}</p></div>
<div id="main">
<h2>{escape(story.title)}</h2>
<p class="date">{story.published:%A %d %B %Y} · {escape(story.authors[0])}</p>
{paras}
<p class="nav">Older: {older}</p>
</div>
<div id="footer"><p>{escape(motto)}</p><p>Written by hand in a small village. <a href="{base}/index.rdf">RSS</a></p></div>
</body></html>
"""


def homepage(base: str, name: str, motto: str, latest: list[tuple[str, Story]]) -> str:
    items = "\n".join(
        f'<li><a href="{u}">{escape(s.title)}</a> <span>{s.published:%d %b}</span><p>{escape(s.summary)}</p></li>'
        for u, s in latest
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(name)}</title>
<meta property="og:type" content="website"></head>
<body><header><h1>{escape(name)}</h1><p>{escape(motto)}</p></header>
<main><h2>Latest</h2><ul class="latest">
{items}
</ul></main>
<footer><p>{escape(motto)}</p></footer></body></html>
"""


TEMPLATES = {"wordpress": wordpress, "newspaper": newspaper, "blog": blog}
