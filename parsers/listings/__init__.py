"""What a site lists about itself: feeds (RSS, Atom, RDF, JSON Feed), sitemaps, robots.txt, feed links."""
