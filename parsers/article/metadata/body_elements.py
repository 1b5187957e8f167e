"""The elements of a page's body, listed once and shared by the metadata readers.

The date, zone and byline readers each look at every element of the body: its tag, class, id,
itemprop, its parent's class. Each of those is read at most once per page here, and only when a
reader asks for it (most pages state their date in markup, and never need the date-marked
elements).
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree


class BodyElements:
    """Every element below ``<body>`` in document order, and (read on first use) its tag and the
    attributes the readers look at, "" when absent."""

    def __init__(self, root: etree._Element) -> None:
        self.elements: list[etree._Element] = []
        for body in root.iterdescendants("body"):  # ".//body//*" without ElementPath's generators
            self.elements.extend(body.iterdescendants(etree.Element))  # no comments

    @cached_property
    def tags(self) -> list[str]:
        return [el.tag for el in self.elements]

    @cached_property
    def classes(self) -> list[str]:
        return [el.get("class", "") for el in self.elements]

    @cached_property
    def ids(self) -> list[str]:
        return [el.get("id", "") for el in self.elements]

    @cached_property
    def itemprops(self) -> list[str]:
        return [el.get("itemprop", "") for el in self.elements]

    @cached_property
    def parent_classes(self) -> list[str]:
        """The class of each element's parent."""
        return [el.getparent().get("class", "") for el in self.elements]

    def with_tag(self, tag: str) -> list[etree._Element]:
        """The elements with this tag, in document order."""
        return [el for el, t in zip(self.elements, self.tags) if t == tag]

    def first(self, tag: str) -> int | None:
        """The position of the first element with this tag."""
        return next((i for i, t in enumerate(self.tags) if t == tag), None)
