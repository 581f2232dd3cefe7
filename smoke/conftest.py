"""Smoke suite: real HTTP against a running production stack (gunicorn + Celery worker), run by
`make prod-check` (ops/prod_check.sh). Not part of `make test`: pytest's testpaths is tests/ only.

    .venv/bin/pytest -p no:django smoke --base-url http://127.0.0.1:8123 --mail-dir tmp/prod-check/mail

The server is plain HTTP on loopback while production settings mark cookies Secure and trust
X-Forwarded-Proto; the client therefore says it came through a TLS proxy (X-Forwarded-Proto: https,
Origin/Referer https://…) and keeps Secure cookies over http, as a reverse proxy would.
"""

import json
import os
import re
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

DEMO_PASSWORD = "bimtek-demo-2026"
LEARNER = "peserta@demo.bimtek.id"
FACILITATOR = "fasilitator@demo.bimtek.id"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pytest_addoption(parser):
    parser.addoption("--base-url", default=os.environ.get("SMOKE_BASE_URL", ""), help="gunicorn URL")
    parser.addoption(
        "--mail-dir", default=os.environ.get("SMOKE_MAIL_DIR", ""), help="EMAIL_FILE_PATH of web and worker"
    )


class ProxyCookiePolicy(DefaultCookiePolicy):
    """Send Secure cookies over http: the stack is behind a (simulated) TLS-terminating proxy."""

    def return_ok_secure(self, cookie, request):
        return True


class Response:
    def __init__(self, raw, body):
        self.status_code = raw.status
        self.headers = raw.headers  # case-insensitive .get()
        self.url = raw.url  # after redirects
        self.content = body  # as sent: not decompressed

    @property
    def text(self):
        return self.content.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.content)


class Client:
    """A browser-like client (stdlib only): cookie jar, redirects, CSRF token, https as seen by Django."""

    def __init__(self, base_url):
        assert base_url.startswith(("http://", "https://")), base_url
        self.base_url = base_url.rstrip("/")
        self.origin = f"https://{urlsplit(self.base_url).netloc}"
        self.cookies = CookieJar(policy=ProxyCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.headers = {"X-Forwarded-Proto": "https", "Accept-Language": "id", "User-Agent": "bimtek-smoke/1"}

    def url(self, path):
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def request(self, method, path, data=None, headers=None, timeout=30):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (base_url is checked to be http or https)
            self.url(path), data=body, method=method, headers={**self.headers, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as raw:
                return Response(raw, raw.read())
        except urllib.error.HTTPError as error:  # 4xx/5xx are answers too
            with error:
                return Response(error, error.read())

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), "")

    def post(self, path, data, referer=None):
        """POST with the CSRF cookie's token, Origin and Referer as a browser on https would send them."""
        data = dict(data)
        data.setdefault("csrfmiddlewaretoken", self.cookie("csrftoken"))
        headers = {"Origin": self.origin, "Referer": self.origin + (referer or path)}
        return self.request("POST", path, data=data, headers=headers)

    def form_token(self, path):
        response = self.get(path)
        assert response.status_code == 200, f"GET {path}: {response.status_code}"
        match = CSRF_INPUT.search(response.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email, password=DEMO_PASSWORD):
        token = self.form_token("/akun/masuk/")
        response = self.post("/akun/masuk/", {"csrfmiddlewaretoken": token, "username": email, "password": password})
        assert response.status_code == 200, f"login {email}: {response.status_code}\n{response.text[:1500]}"
        assert urlsplit(response.url).path != "/akun/masuk/", f"login as {email} failed:\n{response.text[:2000]}"
        return response


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    url = pytestconfig.getoption("--base-url")
    if not url:
        pytest.exit("Give --base-url http://127.0.0.1:PORT (or SMOKE_BASE_URL).", returncode=2)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def mail_dir(pytestconfig):
    value = pytestconfig.getoption("--mail-dir")
    if not value:
        pytest.exit("Give --mail-dir (the EMAIL_FILE_PATH of the web and worker processes).", returncode=2)
    return Path(value)


@pytest.fixture
def client(base_url):
    return Client(base_url)


@pytest.fixture
def unique():
    """Unique per run, so the suite can run twice against one database (the restore test does)."""
    return f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"


def wait_for(predicate, timeout=60, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None
