"""Reads: what the ingest asks before fetching, search, exports, edits, the digest, status, the raw layer read back."""
