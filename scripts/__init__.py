"""Benchmarks and bulk data, kept out of the apps (nothing in the apps imports them).

bench.py is `make bench` and `make load` (run as a script: `python scripts/bench.py --help`);
bulk.py and ingest_bench.py run under Django through `manage.py generate_bulk` and
`manage.py benchmark_ingest`, thin commands in mila/management/commands/.
"""
