"""One page to one article: decoding, blocks and boilerplate, learned chrome, page classes, metadata."""
