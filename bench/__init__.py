"""Load benchmarks for civic311; see bench/README.md."""
