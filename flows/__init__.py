"""Prefect flows and tasks, fetching, scheduling and the command line: the I/O shell."""
