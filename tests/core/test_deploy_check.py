"""`manage.py check --deploy` passes with the production values README's "Production settings" lists."""

import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "zph.example.cn",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
    "BEHIND_TLS_PROXY": "1",
    # Django 6.1 refuses development mail backends (mail.E001): production sends by SMTP.
    "EMAIL_BACKEND": "smtp",
}

INHERITED = ["PATH", "HOME", "LANG", "VAR_DIR", "DATABASE_URL", "CELERY_BROKER_URL"]


def run_deploy_check(**overrides: str) -> subprocess.CompletedProcess:
    secret_key = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    # Not the test process's whole environment: tests set variables of their own (the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE fails async.E001) that a production host does not have.
    inherited = {k: os.environ[k] for k in INHERITED if k in os.environ}
    env = {**inherited, **PRODUCTION, "SECRET_KEY": secret_key, **overrides}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_values():
    result = run_deploy_check()

    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_https_hardening():
    result = run_deploy_check(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert result.returncode == 1
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr
