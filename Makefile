# The two commands: `make run` and `make test`. Everything else here is what they call.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed

.PHONY: run test install lint fmt migrations-check clean bench seed-scale

# Developers and CI install requirements-dev.txt (the runtime plus test tools); production installs
# requirements.txt alone.
$(STAMP): requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ]; then \
	  python=$$(scripts/find-python) || exit 1; \
	  echo "== Creating $(VENV) with $$python"; \
	  "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(STAMP)

run: install
	scripts/run-portal

# SQLite and the filesystem broker unless DATABASE_URL / CELERY_BROKER_URL say otherwise.
test: install
	DEV_TOOLS=1 SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(PY) -m pytest $(PYTEST_ARGS)

# Needs DATABASE_URL (PostgreSQL) seeded with `make seed-scale`, and wrk (apt-get install wrk).
bench: install
	DEV_TOOLS=1 SECRET_KEY=$${SECRET_KEY:-bench-only-not-secret} $(PY) manage.py bench $(BENCH_ARGS)

seed-scale: install
	DEBUG=1 SECRET_KEY=$${SECRET_KEY:-seed-only-not-secret} $(PY) manage.py migrate --no-input -v0
	DEBUG=1 SECRET_KEY=$${SECRET_KEY:-seed-only-not-secret} $(PY) manage.py seed_scale $(SEED_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	DEBUG=1 SECRET_KEY=$${SECRET_KEY:-check-only-not-secret} $(PY) manage.py makemigrations --check --dry-run

# The settings only name var/ (VAR_DIR); the SQLite databases there (the test database, and the one
# migrations-check reads the history of) need the folder. `make run` makes it in scripts/run-portal.
LOCAL_VAR := $(or $(VAR_DIR),var)
test migrations-check: | $(LOCAL_VAR)
$(LOCAL_VAR):
	mkdir -p "$@"

clean:
	rm -rf var/celery var/mail .pytest_cache
