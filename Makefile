# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PO := locale/fr/LC_MESSAGES/django.po
MO := $(PO:.po=.mo)

.PHONY: run test lint format check install messages makemessages migrate demo clean backup restore bench bench-growth load audit

run: install $(MO) migrate demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install $(MO) lint check
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

# compilemessages needs GNU gettext's msgfmt; install it on Debian if it is missing.
$(MO): $(PO) | install
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=var

messages: $(MO)

makemessages: install
	$(MANAGE) makemessages --locale=fr --no-location --ignore=$(VENV) --ignore=var

migrate: install
	$(MANAGE) migrate --noinput

demo: install
	$(MANAGE) load_demo

# Database (pg_dump or SQLite's backup) and media files; see docs/security.md.
BACKUP_DIR ?= var/backups/$(shell date +%Y%m%d-%H%M%S)
backup: install
	$(MANAGE) backup $(BACKUP_DIR)

restore: install
	@test -n "$(FROM)" || (echo "Usage: make restore FROM=var/backups/<date>" && exit 2)
	$(MANAGE) restore $(FROM)

# Known vulnerabilities in the installed versions (docs/security.md): every pinned package
# except the project itself, checked against PyPI's advisory data; fails on any finding or any
# package it could not check.
audit: install
	mkdir -p var
	$(BIN)/pip freeze --exclude mila-site --exclude-editable > var/audit-requirements.txt
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r var/audit-requirements.txt

# Benchmark and load scenario on PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), with
# gunicorn on loopback; results into docs/performance.md. See scripts/bench.py --help.
bench: install $(MO)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# The same measurements at 20,000 and 100,000 papers, side by side (docs/performance.md).
bench-growth: install $(MO)
	$(BIN)/python scripts/bench.py --growth $(BENCH_ARGS)

LOAD_SECONDS ?= 300
load: install $(MO)
	$(BIN)/python scripts/bench.py --load --load-seconds $(LOAD_SECONDS) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var $(MO)
