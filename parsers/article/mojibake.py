"""Repair of double-decoded UTF-8 ("Investorâ€™s" for "Investor’s") in an already decoded page.

Some pages arrive right-encoded but carry text that a CMS, a feed import or a database once read as
windows-1252 or Latin-1 and stored again as UTF-8: every non-ASCII character of it became two to
four characters, and the browser shows them as such. Annotated bodies, and readers, expect the
characters that were meant.

A mis-decoded character is a UTF-8 lead byte (as Â..ô) followed by the right number of
continuation bytes (0x80-0xBF, as windows-1252 or Latin-1 shows them); such a run is turned back
into its bytes and decoded as UTF-8, strictly: a run that does not decode stays as it is.
Real text rarely holds such runs (an accented capital before a non-breaking space or a symbol can
form one), so a page is repaired only on evidence: at least MIN_EVIDENCE runs that decode, one of
them of the unmistakable kinds (a three- or four-byte character, or one whose lead is Ã or Â, how
Latin-1 letters and symbols look when double-decoded).
"""

from __future__ import annotations

import re

MIN_EVIDENCE = 3


def _byte_of() -> dict[str, int]:
    """The byte behind each character that bytes 0x80-0xFF show as when read as windows-1252, or as
    Latin-1 (C1 controls, and the bytes windows-1252 leaves undefined)."""
    table = {chr(byte): byte for byte in range(0x80, 0x100)}
    for byte in range(0x80, 0x100):
        shown = bytes([byte]).decode("cp1252", errors="ignore")
        if shown:
            table[shown] = byte
    return table


_BYTE_OF = _byte_of()
_CONT = "".join(re.escape(ch) for ch, byte in _BYTE_OF.items() if 0x80 <= byte <= 0xBF)
# One lead class first, the count of continuations by the lead after it: a pattern that starts
# with a character class is scanned for that class at C speed, a choice of three is tried at every
# position (10x slower on a long page).
_RUN = re.compile(
    f"[\u00c2-\u00f4](?:(?<=[\u00c2-\u00df])[{_CONT}]|(?<=[\u00e0-\u00ef])[{_CONT}]{{2}}"
    f"|(?<=[\u00f0-\u00f4])[{_CONT}]{{3}})"
)
_SIGNATURE_LEADS = frozenset("\u00c2\u00c3")
# The leads of double-decoded punctuation, Latin-1 letters and symbols, and emoji: a page with none
# of them is not searched (one character is found far faster than a pair or a pattern).
_CLUES = ("\u00c3", "\u00c2", "\u00e2", "\u00f0")


def _undo(run: str) -> str | None:
    try:
        return bytes(_BYTE_OF[ch] for ch in run).decode("utf-8")
    except UnicodeDecodeError:
        return None


def repair_mojibake(text: str) -> str:
    """`text` with its double-decoded UTF-8 characters restored, when the page shows enough of them."""
    if text.isascii() or not any(clue in text for clue in _CLUES):
        return text
    found = _RUN.findall(text)
    fixed = {run: good for run in set(found) if (good := _undo(run)) is not None}
    repairable = [run for run in found if run in fixed]
    if len(repairable) < MIN_EVIDENCE or not any(len(r) > 2 or r[0] in _SIGNATURE_LEADS for r in repairable):
        return text
    return _RUN.sub(lambda m: fixed.get(m.group(), m.group()), text)
