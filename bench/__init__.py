"""Benchmarks behind `make bench`; run them with `python -m bench.run`."""
