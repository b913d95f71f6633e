"""The benchmark harness (not installed with the package): see bench/README.md."""
