"""Benchmark scripts (run as ``python bench/X.py``) and what they share (``bench.common``)."""
