import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"


def run_production(**env):
    skip = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    clean.update(DJANGO_SETTINGS_MODULE="lms.settings.production", **env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True)  # noqa: S603


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "bimtek.example.go.id", "DATABASE_URL": "postgres://u:p@db/bimtek"}
    del env[missing]
    result = run_production(**env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_starts_with_them():
    result = run_production(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="bimtek.example.go.id", DATABASE_URL="postgres://u:p@db/bimtek"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['bimtek.example.go.id']"


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_check_deploy_has_no_warnings():
    # A clean environment: the end-to-end suite sets DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    skip = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 30 + "Xy7!qZ" * 6,
        ALLOWED_HOSTS="bimtek.example.go.id",
        DATABASE_URL="postgres://u:p@localhost/x",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
