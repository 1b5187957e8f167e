"""Pure parsing: bytes in, typed records out. No network, no database, no imports of flows/ or warehouse/."""

from parsers.article.extract import EXTRACTOR_VERSION, extract_article
from parsers.records import Article

__all__ = ["EXTRACTOR_VERSION", "Article", "extract_article"]
