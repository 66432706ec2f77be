"""Benchmarks (run as modules, e.g. ``python -m bench.resolve_bench``); not part of the tests."""
