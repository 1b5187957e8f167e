"""Shared fixtures of the parser tests: a small hand-written news page to add furniture to."""

from __future__ import annotations

import pytest

PARAGRAPHS = (
    "The city council voted on Tuesday to extend the night bus network to the northern districts, "
    "after two years of complaints from shift workers who had no way home after midnight.",
    "The new routes will start in March and cost about four million euros a year, paid for by a "
    "small rise in parking fees in the centre, the transport committee said in its report.",
    "Residents who spoke at the meeting welcomed the decision but asked for more frequent buses on "
    "weekends, when the last trams leave the central station well before the bars close.",
)


def _page(extra: str) -> str:
    """A page whose article container holds the three paragraphs, then ``extra``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html lang='en'><head><title>Night buses reach the north | The Daily Example</title></head><body>"
        f"<div class='page'><div class='story'><h1>Night buses reach the north</h1>{paragraphs}{extra}"
        "</div></div></body></html>"
    )


@pytest.fixture
def paragraphs() -> tuple[str, ...]:
    return PARAGRAPHS


@pytest.fixture
def make_page():
    """``make_page(extra_html)``: the article page with ``extra_html`` after its paragraphs."""
    return _page
