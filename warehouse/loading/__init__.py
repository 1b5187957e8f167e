"""Loads: staging a batch, writing it in one transaction, and the hooks a load runs (watch matching, clustering)."""
