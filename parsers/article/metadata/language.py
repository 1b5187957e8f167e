"""A cheap language check: script ranges for non-Latin text, stop-word counts for Latin text.

It only has to confirm or contradict a page's declared language, not identify any language on
earth; when it is unsure it says None and the declaration stands.
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS = {
    "en": "the and of to in is that for it with was on as are by this be at from have not",
    "de": "der die und das ist nicht mit den sich des auf ein eine für dem von zu auch im",
    "fr": "le la les et des est une dans que pour pas qui sur au du avec il ce sont",
    "es": "el la los las que y del en por con una para es se no al lo como más",
    "it": "il di che la per non una sono della del con gli anche alla nel si le è",
    "pt": "o que não da do em uma para com os as no na se por mais dos é à",
    "nl": "de het een en van is dat niet op te zijn met voor er die ook aan",
    "sv": "och att det som en är av på för med den till har inte om var ett",
    "da": "og at det som en er af på for med den til har ikke om var et",
    "no": "og at det som en er av på for med den til har ikke om var ei",
    "pl": "i w nie na się z jest że do to o jak ale po co tak za",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke",
    "tr": "ve bir bu da de için ile olarak çok daha gibi ne ama",
    "ro": "și în de la cu că pe nu o un este din mai care pentru se",
}
_STOPSETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: Japanese even when mixed with kanji
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_ANY_SCRIPT = re.compile("[" + "".join(pattern.pattern.strip("[]") for _, pattern in _SCRIPTS) + "]")  # one class
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 1500


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the evidence is thin."""
    sample = text[:_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    if letters < 40:
        return None
    # One scan for any of the scripts first: most text is in none of them, and is not counted nine times.
    for lang, pattern in _SCRIPTS if _ANY_SCRIPT.search(sample) else ():
        if len(pattern.findall(sample)) > letters * 0.3:
            if lang == "ru" and re.search(r"[іїєґ]", sample):
                return "uk"
            return lang
    words = Counter(w.casefold() for w in _WORD.findall(sample))
    if words.total() < 20:
        return None
    # Each language's stop words looked up in the sample's word counts, not each word in each list.
    counts = Counter({lang: sum(words[w] for w in stops if w in words) for lang, stops in _STOPSETS.items()})
    (best, hits), (_, runner_up) = counts.most_common(2)
    if hits < max(3, words.total() * 0.08) or hits < runner_up * 1.3:
        return None
    return best


def resolve_language(declared: str | None, text: str) -> str | None:
    """The declared language (primary subtag) unless the text clearly says otherwise."""
    primary = declared.replace("_", "-").split("-")[0].strip().lower() if declared else None
    if primary and not primary.isalpha():
        primary = None
    detected = detect_language(text)
    if detected is None:
        return primary
    if primary is None or primary == detected:
        return detected
    # Close relatives a stop-word list cannot tell apart reliably: trust the page.
    if {primary, detected} <= {"da", "no", "nb", "nn", "sv"} or {primary, detected} <= {"zh", "ja"}:
        return primary
    return detected
