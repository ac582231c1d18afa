# Partnerwijzer: `make run` serves the app with demo data, `make test` runs every check.
SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV      ?= .venv
PY        := $(VENV)/bin/python
HOST      ?= 127.0.0.1
PORT      ?= 8000
WORKERS   ?= 2
# Local, plain-HTTP defaults for `make run`; a real deployment sets these itself (README).
RUN_ENV   := DJANGO_HTTPS=false DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 \
             DJANGO_SECRET_KEY="$$(cat var/secret_key)" PARTNERWIJZER_SITE_URL=http://$(HOST):$(PORT)
TEST_ENV  := DJANGO_HTTPS=false DJANGO_DEBUG=false DJANGO_STATIC_MANIFEST=false \
             DJANGO_SECRET_KEY=test-only-secret-key-not-used-anywhere-else-0123456789abcdef

backup_file = var/backups/partnerwijzer-$(shell date -u +%Y%m%dT%H%M%SZ).sqlite3

.PHONY: help run worker serve setup backup system-deps test test-fast lint typecheck bench mutation messages check-deploy clean

help: ## Show this help
	@echo "Partnerwijzer make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'
	@echo "Variables: PORT=$(PORT) HOST=$(HOST) PYTHON=<interpreter 3.12+> DATABASE_URL=<postgres://...>"

$(VENV)/.created:
	@python=$$(scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip && touch $@

$(VENV)/.runtime: $(VENV)/.created pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

var/secret_key:
	@mkdir -p var && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@ && chmod 600 $@

setup: $(VENV)/.runtime var/secret_key ## Install, migrate, validate reference data, load the demo
	@$(RUN_ENV) $(PY) manage.py migrate --no-input
	@$(RUN_ENV) $(PY) manage.py check_reference
	@$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@$(RUN_ENV) $(PY) manage.py seed_demo

run: setup ## Set everything up and serve on http://$(HOST):$(PORT) with a background worker (data is kept)
	@echo "Serving Partnerwijzer on http://$(HOST):$(PORT) with a background worker (documents, e-mail; Ctrl+C stops all)"
	@$(RUN_ENV) scripts/serve.sh $(PY) $(VENV)/bin/gunicorn $(HOST) $(PORT) $(WORKERS)

worker: setup ## Only the background worker (documents, e-mail), e.g. beside a server started another way
	@$(RUN_ENV) $(PY) manage.py db_worker --no-reload

backup: $(VENV)/.created ## Copy the SQLite database to var/backups/ (safe while `make run` serves)
	@$(PY) scripts/backup_sqlite.py var/partnerwijzer.sqlite3 $(backup_file)

lint: $(VENV)/.dev ## ruff
	$(VENV)/bin/ruff check .

typecheck: $(VENV)/.dev ## mypy with django-stubs
	$(TEST_ENV) $(VENV)/bin/mypy

system-deps: ## Install the Debian packages the tests need if missing (as root; else prints the command)
	scripts/install-system-deps.sh

test: system-deps $(VENV)/.dev lint typecheck ## Lint, type checks and the whole test suite (browser tests and schemathesis included)
	@mkdir -p test-artifacts
	$(TEST_ENV) $(PY) -m pytest -n 2 --dist loadgroup

test-fast: $(VENV)/.dev ## The test suite without browser tests, the schemathesis run, lint or types
	$(TEST_ENV) $(PY) -m pytest -n 2 -m "not browser and not schemathesis"

bench: $(VENV)/.dev ## Benchmarks: core vs peer libraries, pages, load (50/150 users), kill -9 runs, portfolio at 2,000 clients (docs/benchmarks.md)
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	@status=0; for f in bench/bench_*.py; do echo "== $$f"; $(TEST_ENV) $(PY) $$f || { echo "== $$f: goal missed (exit $$?)"; status=1; }; done; exit $$status

# MODULE=rank limits the run to one decisioncore module; JOBS sets the parallel mutant workers.
MODULE    ?=
JOBS      ?= 2
mutation: $(VENV)/.dev ## Mutation testing of decisioncore against tests/core (mutmut); score per module, survivors
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,mutation]"
	HYPOTHESIS_PROFILE=mutation $(TEST_ENV) $(VENV)/bin/mutmut run --max-children $(JOBS) "decisioncore.$(or $(MODULE),*).*"
	$(PY) scripts/mutation_report.py $(if $(MODULE),--module $(MODULE))

check-deploy: $(VENV)/.runtime ## Django's deployment checklist with production-like values
	DJANGO_DEBUG=false DJANGO_HTTPS=true DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
		DJANGO_ALLOWED_HOSTS=partnerwijzer.example DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
		DJANGO_EMAIL_HOST=smtp.partnerwijzer.example $(PY) manage.py check --deploy --fail-level WARNING

messages: $(VENV)/.dev ## Extract interface strings into the .po files (needs GNU gettext) and compile .mo
	cd partnerwijzer && $(TEST_ENV) ../$(PY) ../manage.py makemessages -l nl -l en -l de --no-location --no-obsolete
	$(PY) scripts/compile_messages.py

clean: ## Remove the virtualenv and collected static files (keeps var/, your data)
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache mutants
