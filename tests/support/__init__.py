"""Shared test helpers: the no-internet guard, a real local HTTP server, fake time, and
httpx MockTransport route tables. Fixtures live in tests/conftest.py."""
