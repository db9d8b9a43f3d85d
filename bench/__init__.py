"""Benchmarks of Ura, outside the test suite: ``python -m bench.delivery``."""
