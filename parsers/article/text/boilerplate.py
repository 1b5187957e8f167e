"""Text rules for boilerplate lines that markup alone does not give away.

Each rule looks at one block of text (a paragraph, a list item, a line). Rules are written for
what the line *says* ("Tags:", "follow us on", "appeared first on"), never for a particular site,
and only fire on short lines so that a real paragraph quoting such words survives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.article.metadata.dates import MONTH_NAMES

_SHORT = 160  # a boilerplate line is rarely longer than this

# Lines that are boilerplate whatever their surroundings, when short. One group per kind. The rules
# that hold from the line's start are matched there only: searched for at every position of the
# line along with the others, they made this the slowest step of block filtering.
_LINE_STARTS = re.compile(
    r"""
    # tag and category lists, also empty ones ("Tags: , , ,")
    ^(?:tags?|tagged(?:\s+with)?|filed\s+under|posted\s+in|categor(?:y|ies)|topics?)\s*:
    | ^(?:schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|etiquetas|[ée]tiquettes|mots[-\s]cl[ée]s|parole\s+chiave|
         trefwoorden|tagi|теги|метки)\s*:
    | ^(?:tags?|categories)\s*:?\s*(?:,\s*)*$
    # footer: copyright, sitemap, plugin and platform credits
    | ^[^.!?]{0,60}\bpowered\s+by\s+[^.!?]{1,40}$   # not "the car is powered by a V6."
    | ^(?:copyright\s*)?(?:©|ⓒ|\(c\)|copyright)\s*(?:\d{4}|[^\w]*all\s+rights)
    | ^copyright\s*(?:©|ⓒ|\(c\))
    # social: follow, share, print and email
    | ^(?:share|share\s+this(?:\s+(?:article|story|post))?|share\s+on\s+\w+|tweet|email|e-mail|print|
         pin\s+it|whatsapp|facebook|twitter|linkedin|reddit|copy\s+link|comments?)\s*:?$
    | ^(?:share|print|email)\s*(?:this)?\s*(?:article|story|page)?\s*[:|]
    | ^(?:compartilhe|compartir|partager|teilen|condividi|поделиться)\b.{0,40}$
    | ^(?:enviar|envoyer|senden|invia)\s+(?:por|par|per|via)\s+(?:whatsapp|e-?mail|correo|courriel|telegram)\s*$
    | ^(?:imprimir|imprimer|drucken|stampa|afdrukken)\s*$
    | ^(?:share\s+your\s+thoughts|share\s+(?:it|this(?:\s+\w+)?)\s+with\s+(?:a\s+)?friends?)
    | ^like\s+this\s+(?:story|article)\?
    | ^have\s+a\s+(?:news\s+)?tip\b
    # navigation: previous/next, read more, breadcrumbs, galleries, skip links
    | ^(?:«|‹|<|←)?\s*(?:previous|next|older|newer)\s+(?:post|article|story|entry|posts|page)\b
    | ^(?:read\s+more|continue\s+reading|read\s+the\s+full\s+(?:story|article)|click\s+here\s+to\s+read|
         leia\s+mais|leer\s+más|lire\s+la\s+suite|weiterlesen|mehr\s+lesen|continua\s+a\s+leggere|
         leggi\s+(?:tutto|di\s+più)|читать\s+далее)
    | ^(?:home|homepage)\s*(?:[»›>/|]|&gt;)
    | ^back\s+to\s+(?:gallery|top|article|story|home(?:page)?)\b
    | ^(?:image|photo|picture|slide|page)?\s*\d+\s*(?:of|/|-\s*\d+\s+of)\s*\d+$
    | ^(?:skip\s+to\s+(?:main\s+)?content|jump\s+to)\b
    | ^(?:table\s+of\s+contents|in\s+this\s+(?:article|guide|post)|on\s+this\s+page)\s*:?$
    # ad labels
    | ^(?:advertisement|advertising|sponsored(?:\s+content)?|ad|adverts?|story\s+continues\s+below(?:\s+advertisement)?|
         scroll\s+to\s+continue(?:\s+with\s+content)?|continue\s+reading\s+below|article\s+continues\s+below)\s*:?$
    | ^(?:anzeige|werbung|publicidade|publicidad|publicité|pubblicità|reklama|iklan|реклама|광고|広告)$
    | ^sponsored\s+links?$
    # newsletters and subscriptions
    | ^(?:subscribe|sign\s+up|newsletter)\s*:?$ | ^subscribe\s+(?:to|now|today)\b
    # comments
    | ^leave\s+a\s+(?:reply|comment)
    | ^\d+\s+comments?$ | ^(?:no|view|show|add)\s+comments?\b
    | ^comments?\s*\(.{0,6}\)$
    # related / recommended / most read labels, alone or before a title
    | ^(?:related|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed|shared)|you\s+(?:may|might)\s+also\s+like|
         more\s+from|more\s+stories|trending(?:\s+now)?|popular\s+(?:posts|stories)|read\s+next|also\s+read|see\s+also|
         related\s+(?:articles?|posts?|stories|content|coverage|news|reading))
         (?:\s+\w+){0,2}\s*(?:(?::|\.\.\.|…).{0,100})?$
    | ^more\s*:$
    # credits, datelines and reading times around the story
    | ^(?:photo|image|picture|credit|source)s?\s*:\s*\S.{0,60}$
    | ^(?:updated|published|posted|last\s+updated)\s*:?\s+\w{3,9}\.?\s+\d
    | ^(?:\(?(?:additional\s+)?reporting\s+by\b|\(?editing\s+by\b)
    | ^(?:reading\s+time|tempo\s+de\s+leitura|tiempo\s+de\s+lectura|temps\s+de\s+lecture|lesezeit)\b
    | ^\d+\s+min(?:ute)?s?\s+read$
    """,
    re.I | re.X,
)
# The rules that may match anywhere in the line.
_LINE_ANYWHERE = re.compile(
    r"""
    # footer: copyright, sitemap
    xml\s+sitemap
    | all\s+rights\s+reserved\.?\s*(?:\||$)
    # social: follow, a profile link's label
    | \bfollow\s+us\b | \blike\s+us\s+on\s+facebook
    | \bfollow\s+(?:\S+\s+){0,6}on\s+(?:twitter|facebook|instagram|linkedin)\b
    | \s[-–—|]\s*(?:youtube|twitter|facebook|instagram|linkedin|tiktok|telegram|x)\s*$   # "Name – YouTube"
    # navigation
    | (?:requires|enable)\s+javascript
    # feed footers
    | \bappeared\s+first\s+on\b
    # newsletters and subscriptions
    | (?:sign\s+up|subscri\w*|inbox).{0,60}\b(?:newsletters?|mailing\s+list)\b
    | \bnewsletters?\b.{0,60}(?:sign\s+up|subscri|inbox)
    | you\s+have\s+been\s+(?:successfully\s+)?subscribed
    # cookie banners
    | \bwe\s+use\s+cookies\b | \bthis\s+(?:web)?site\s+uses\s+cookies\b | \baccept\s+(?:all\s+)?cookies\b
    # comments
    | your\s+email\s+address\s+will\s+not\s+be\s+published
    | you\s+must\s+be\s+logged\s+in\s+to\s+post
    # credits around the story
    | \bcontributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?\.?\)?$
    """,
    re.I | re.X,
)
# "Follow us" in other languages.
_FOLLOW_US = (
    r"(?:síguenos|siguenos|siga-nos|suivez-nous|folgen\s+sie\s+uns|folge\s+uns|seguici|volg\s+ons|följ\s+oss"
    r"|følg\s+(?:os|oss)|obserwuj\s+nas)"
)
# The same furniture in other languages: rights lines, follow lines, newsletter pitches. Searched only
# in a line holding one of their words (``_OTHER_LANGUAGE_WORD``): searched in every line along with
# the English rules, they made line filtering half as slow again.
_OTHER_LANGUAGE_LINES = re.compile(
    rf"""
    (?:alle\s+rechte\s+vorbehalten|todos\s+los\s+derechos\s+reservados|tous\s+droits\s+réservés|
       todos\s+os\s+direitos\s+reservados|tutti\s+i\s+diritti\s+riservati|alle\s+rechten\s+voorbehouden|
       wszelkie\s+prawa\s+zastrzeżone|все\s+права\s+защищены|riproduzione\s+riservata)\.?\s*(?:©\s*)?(?:\||$)
    | \b{_FOLLOW_US}\b
    | ^(?:siga|sigue|segui|suivez|folgen\s+sie|folge|volg|följ)\b.{{0,60}}\b(?:twitter|facebook|instagram|linkedin|
         youtube|tiktok|telegram|whatsapp)\b
    | (?:abonn\w*|suscr[ií]b\w*|assine|inscreva|iscriviti|zapisz|prenumerera).{{0,60}}\b(?:newsletters?|mailing\s+list)\b
    | \bnewsletters?\b.{{0,60}}(?:abonn|suscr[ií]b|assin|inscrev|iscriv|zapisz|prenumer)
    """,
    re.I | re.X,
)
_OTHER_LANGUAGE_WORD = re.compile(  # matched in the lowered line: faster than a case-blind search
    r"rechte|derechos|droits|direitos|diritti|prawa|права|riproduzione|sígu|sigu|siga|suiv|folg|segui|volg|följ|følg"
    r"|obserw|abonn|suscr|assin|inscrev|iscriv|zapisz|prenumer"
)
# A pager: page numbers or next/previous, with a "Pages" label or an arrow ("10 20 30" alone may be a
# table row, "<>" a line of code).
_PAGER = re.compile(r"^(?:pages?\s*:?\s*)?(?:(?:«|‹|<<?|prev(?:ious)?|next|»|›|>>?|first|last|\d{1,3}|…|\.\.\.)\s*){2,}$", re.I)
_PAGER_MARK = re.compile(r"page|«|‹|<|prev|next|»|›|>", re.I)
_PAGER_STEP = re.compile(r"\d|prev|next", re.I)
# Headings after which a container holds only comments, a bio or a sign-up: the article is over.
_END_HEADINGS = re.compile(
    r"""^(?:leave\s+a\s+(?:reply|comment)|\d*\s*comments?|responses?|about\s+the\s+author|
         \d*\s*(?:kommentare|commentaires|comentários|comentarios|commenti|reacties|komentarze|комментарии)|
         join\s+the\s+conversation|sign\s+up|newsletter)\b[^.!?]{0,30}$""",
    re.I | re.X,
)
# Headings that open a rail of links (related, most read...), which may sit mid-article.
_RAIL_HEADINGS = re.compile(
    r"""^(?:related|recommended|more\s+(?:from|on|stories|news|articles|in)|most\s+(?:read|popular|viewed)|
         you\s+(?:may|might)\s+also|trending|read\s+next|popular|share\s+this|what\s+to\s+read\s+next|
         further\s+reading|
         você\s+pode\s+gostar|veja\s+também|leia\s+também|not[ií]cias\s+relacionadas|
         (?:art[ií]culos|posts|mat[ée]rias)\s+relacionad[oa]s|te\s+puede\s+interesar|lee\s+también|
         (?:à\s+)?lire\s+aussi|sur\s+le\s+même\s+sujet|articles\s+similaires|
         das\s+könnte\s+sie\s+auch\s+interessieren|mehr\s+zum\s+thema|weitere\s+artikel|
         leggi\s+anche|articoli\s+correlati|potrebbe\s+interessarti|don'?t\s+miss|topics|
         more\s+(?:\w+\s+){0,2}stories)\b[^.!?]{0,30}$""",
    re.I | re.X,
)
_MAX_HEADING = 80


_MONTH = rf"(?:{MONTH_NAMES})\.?"
# "Nov 19, 2019", "19 November 2019", "12. März 2025", "12 de marzo de 2025", "2019-11-19", "10:31 pm", "18h45"
_DATE_PARTS = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\b\d{{1,2}}(?:er|º)?\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?\d{{4}}|"
    r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}h\d{2}\b",
    re.I,
)
_WORDS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_DATELINE_MAX = 100
_DATELINE_WORDS = 6


def is_dateline(text: str) -> bool:
    """A byline/timestamp line: a date or time plus a few words, not a sentence.

    "Chris Davies - Nov 19, 2019, 10:31 pm CST" goes; "The vote was held on Nov 19, 2019." stays
    (it ends like a sentence), and so does a tweet's "— Name (@handle) November 18, 2019".
    """
    if len(text) > _DATELINE_MAX or text.endswith((".", "!", "?", "”", '"')) or "@" in text:
        return False
    if not _DIGIT.search(text):  # every date part has a digit; the month names make the search slow
        return False
    rest, found = _DATE_PARTS.subn(" ", text)
    return found > 0 and len(_WORDS.findall(rest)) <= _DATELINE_WORDS


# A byline: "By" (or "Von", "Par", "Por", "Di", "Door", "Przez") and capitalised name words (case matters:
# "By the numbers" is a subheading, "Von Berlin nach Hamburg" a sentence).
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Ww]ritten [Bb]y|[Pp]osted [Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor|[Pp]rzez)\s+[A-ZÀ-Ý][\w.'’-]*"
    r"(?:\s+(?:[A-ZÀ-Ý][\w.'’-]*|and|&|y|et|e|und|en|i|de|da|di|van|von|der|le|la|del))*"
    r"(?:\s*[,|]\s*[A-ZÀ-Ý][\w.'’ -]*)?$"
)


_SOCIAL_FOLLOW = re.compile(
    rf"\bfollow\s+(?:us|\w+\s+on)\b|\bsubscribe\s+to\s+(?:us|our)\b|\b{_FOLLOW_US}\b",
    re.I,
)
_SOCIAL_PLATFORM = re.compile(
    r"\b(?:youtube|twitter|facebook|instagram|linkedin|tiktok|telegram|whatsapp|pinterest|threads|bluesky|mastodon)\b",
    re.I,
)


@lru_cache(maxsize=8192)
def is_social_follow(text: str) -> bool:
    """A short "follow us on ..." line: the lines right after it are more of the same. Cached like
    ``is_boilerplate_line``: it is asked of every block of every candidate container."""
    return len(text) <= _SHORT and bool(_SOCIAL_FOLLOW.search(text))


def is_social_residue(text: str) -> bool:
    """A short line naming a social platform, read right after a "follow us" line: a profile link
    whose link markup is gone ("and Our Channel – YouTube"), not a sentence of the story."""
    return len(text) <= _SHORT and not text.endswith((".", "?", "!")) and bool(_SOCIAL_PLATFORM.search(text))


@lru_cache(maxsize=8192)
def is_boilerplate_line(text: str) -> bool:
    """True for a short line that is page furniture rather than article text.

    Cached: the line rules are one long regex, and container selection filters a page's blocks
    more than once.
    """
    return len(text) <= _SHORT and (
        bool(_LINE_STARTS.match(text))
        or bool(_LINE_ANYWHERE.search(text))
        or _other_language_line(text)
        or _is_pager(text)
        or bool(_BYLINE.match(text))
        or is_dateline(text)
    )


def _other_language_line(text: str) -> bool:
    return bool(_OTHER_LANGUAGE_WORD.search(text.lower()) and _OTHER_LANGUAGE_LINES.search(text))


def _is_pager(text: str) -> bool:
    return bool(_PAGER.match(text) and _PAGER_MARK.search(text) and _PAGER_STEP.search(text))


def heading_kind(text: str) -> str | None:
    """"end" for a heading that closes the article (comments, author bio, sign-up), "rail" for
    one that opens a list of links (related, most read), None for an ordinary subheading."""
    if len(text) > _MAX_HEADING:
        return None
    if _END_HEADINGS.search(text):
        return "end"
    if _RAIL_HEADINGS.search(text):
        return "rail"
    return None
