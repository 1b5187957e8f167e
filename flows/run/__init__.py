"""The parts an ingest run is made of: discovery, extraction workers, the single writer, shards, the report."""
