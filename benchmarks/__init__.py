"""Namesake's measuring harness (issue 6): `python -m benchmarks [--json] [--smoke]`.

Every figure is measured next to a raw baseline in the same run, so the
ratio says what Namesake's own layers cost on this machine, whatever the
machine. The synthetic database is generated once and cached by size and
generator version (see `benchmarks.cache`).
"""
