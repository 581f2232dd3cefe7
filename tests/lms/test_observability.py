"""Request logs: one JSON line per request with the request id, the user id and the outcome; the same id
goes back to the browser (X-Request-ID) and onto error pages."""

import io
import json
import logging

import pytest

from home.logging import logging_config


@pytest.fixture
def log_lines():
    """Capture the request log through the production formatter."""
    config = logging_config("json")["formatters"]["structured"]
    formatter = config["()"](**{k: v for k, v in config.items() if k != "()"})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("django_structlog")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [line for line in stream.getvalue().splitlines() if line]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.mark.django_db
def test_one_json_line_per_request_with_request_id_user_and_outcome(client, site, learner, log_lines):
    client.force_login(learner)
    response = client.get("/akun/belajar-saya/")
    missing = client.get("/tidak-ada-halaman-ini/")
    anonymous = client.get("/akun/keluar/")  # redirect or page, whatever it is, it is logged once

    lines = log_lines()
    records = [json.loads(line) for line in lines]  # every line is one complete JSON object
    finished = [r for r in records if r["event"] == "request_finished"]
    assert len(finished) == 3, lines
    assert not [r for r in records if r["event"] == "request_started"]  # one line per request, not two

    ok, not_found, _logout = finished
    assert ok["request"] == "GET /akun/belajar-saya/"
    assert ok["code"] == 200 and ok["outcome"] == "ok"
    assert ok["user_id"] == learner.pk
    assert ok["duration_ms"] >= 0
    assert ok["request_id"] == response["X-Request-ID"]
    assert not_found["code"] == 404 and not_found["outcome"] == "client_error"
    assert not_found["request_id"] == missing["X-Request-ID"] != ok["request_id"]
    assert anonymous["X-Request-ID"]


def test_error_page_shows_the_request_id_of_the_log_line(rf):
    import structlog

    from home.views import server_error

    structlog.contextvars.bind_contextvars(request_id="7f1c-test")
    try:
        response = server_error(rf.get("/"))
    finally:
        structlog.contextvars.clear_contextvars()
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi gangguan" in html and "7f1c-test" in html
