"""The benchmark task: synthetic corpora, measurements, and docs/benchmarks.md."""
