"""The polite, guarded HTTP client of a run: address checks, deadlines, robots.txt, pacing, poll scheduling."""
