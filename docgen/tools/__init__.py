"""Maintainer tools: diff, lint, fetch, drift and land (with naming and dbt). Each returns
results; only :mod:`docgen.cli` prints them and picks exit codes."""
