#!/usr/bin/env python
"""`make bench`: goals P1–P7, each a ratio to a baseline measured in the same run, one line per goal.

    ID name measured (goal) OK|SHORT

What it does, in order (about ten minutes on two cores):

1. Creates the PostgreSQL database ``bimtek_bench`` (dropped again at the end; never the test database),
   runs ``migrate`` and ``bootstrap --demo`` on it with production settings, ``collectstatic`` into a
   temporary folder, and adds the bench data (bench/_django.py prepare).
2. Starts gunicorn (2 sync workers) with production settings, Redis db 3 as cache, and BENCH=1, which
   mounts the bare view /bench/bare/ (lms/bench.py: a small HttpResponse, no database).
3. P1/P2: requests/s of the anonymous module page uncached (a query string bypasses the page cache, so
   every request is routed and rendered) and cached, against the bare view, in interleaved rounds with
   the same number of concurrent clients (raw sockets, threads: nothing to install). P2 also counts the
   queries of a hit in a Django process. P4: 50 signed-in learners submit one quiz at a barrier. P5:
   the facilitator's workshop page with 1,000 vs 100 participants.
4. Stops gunicorn, then P3 (tests/test_query_budget.py under pytest on PostgreSQL), P6 and P7 (the
   existing bench scripts, each on its own temporary SQLite database).

Environment: BENCH_PG (default postgres://bimtek:bimtek@127.0.0.1:5432), BENCH_REDIS (default
redis://127.0.0.1:6379/3), BENCH_PORT (8765). Always exits 0: it is a report; CI gates on the query
counts, which are also ordinary tests.
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://bimtek:bimtek@127.0.0.1:5432")
DB_NAME = "bimtek_bench"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONCURRENCY = 4
ROUNDS = 3
REQUESTS = {"bare": 600, "cached": 600, "uncached": 120}  # per round

WORK = Path(tempfile.mkdtemp(prefix="bench-all-"))
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": REDIS,
    "CELERY_BROKER_URL": REDIS,
    "SECURE_SSL_REDIRECT": "False",
    "STATIC_ROOT": str(WORK / "static"),
    "MEDIA_ROOT": str(WORK / "media"),
    "PRIVATE_MEDIA_ROOT": str(WORK / "private-media"),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
    "BENCH": "1",
}
SETUP_ENV = {**ENV, "CELERY_TASK_ALWAYS_EAGER": "True"}


def run(args, env=ENV, capture=True):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=capture, text=True, check=False)  # noqa: S603
    if done.returncode:
        sys.stderr.write(done.stdout or "")
        sys.stderr.write(done.stderr or "")
        raise SystemExit(f"bench: {' '.join(map(str, args))} failed")
    return done.stdout


def admin_sql(statement):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS).flushdb()


# --- HTTP with raw sockets: cheap enough that the load generator does not hide the server's cost ---


def raw_request(method, path, cookies=None, form=None):
    body = urlencode(form, doseq=True).encode() if form else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}", "Connection: close", "User-Agent: bench"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def fetch(raw):
    with socket.create_connection(("127.0.0.1", PORT), timeout=60) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head = data.split(b"\r\n\r\n", 1)[0]
    return int(head[9:12]), head


def throughput(raw, total, must=None):
    """Requests/s over ``total`` requests from CONCURRENCY clients; counts bad answers."""
    per = total // CONCURRENCY
    errors = []

    def client():
        for _ in range(per):
            status, head = fetch(raw)
            if status != 200 or (must and must not in head):
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return per * CONCURRENCY / (time.perf_counter() - started), len(errors)


def at_once(raws):
    """Send every request at the same moment (one thread each, a barrier); [(status, head, seconds)]."""
    barrier = threading.Barrier(len(raws))
    results = [None] * len(raws)

    def client(n):
        barrier.wait()
        started = time.perf_counter()
        try:
            status, head = fetch(raws[n])
        except OSError as error:
            status, head = 0, str(error).encode()
        results[n] = (status, head, time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(raws))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def line(ident, name, measured, goal, ok):
    """One goal's line, printed in ID order at the end."""
    return ident, f"{ident} {name} {measured} ({goal}) {'OK' if ok else 'SHORT'}", bool(ok)


# --- the goals ---


def http_goals(data):
    results = []
    bare = raw_request("GET", "/bench/bare/")
    cached = raw_request("GET", data["module_url"])
    uncached = raw_request("GET", data["module_url"] + "?bench=uncached")
    for raw in (bare, cached, uncached):  # warm both workers: imports, connections, the cache entry
        throughput(raw, 40)
    totals = {key: [0, 0.0, 0] for key in REQUESTS}
    for _ in range(ROUNDS):
        for key, raw, must in (
            ("bare", bare, None),
            ("uncached", uncached, b"X-Cache: BYPASS"),
            ("cached", cached, b"X-Cache: HIT"),
        ):
            rate, errors = throughput(raw, REQUESTS[key], must)
            totals[key][0] += REQUESTS[key]
            totals[key][1] += REQUESTS[key] / rate
            totals[key][2] += errors
    rate = {key: n / seconds for key, (n, seconds, _) in totals.items()}
    errors = sum(e for _, _, e in totals.values())
    p1 = rate["uncached"] / rate["bare"]
    p2 = rate["cached"] / rate["bare"]
    queries = json.loads(run([PYTHON, "bench/_django.py", "p2queries", data["module_url"]]))
    print(
        f"   (requests/s: bare {rate['bare']:.0f}, module page uncached {rate['uncached']:.0f}, "
        f"cached {rate['cached']:.0f}; {errors} bad answers; a hit: {queries['queries']} queries, "
        f"X-Cache {queries['x_cache']})",
        flush=True,
    )
    results.append(line("P1", "anonymous module page, uncached", f"{p1:.2f}", "≥ 0.15", p1 >= 0.15 and not errors))
    results.append(
        line(
            "P2",
            "anonymous module page, page cache",
            f"{p2:.2f}, {queries['queries']} queries/hit",
            "≥ 0.7, 0 queries",
            p2 >= 0.7 and queries["queries"] == 0 and queries["x_cache"] == "HIT" and not errors,
        )
    )

    # P4: 50 learners (prepared sessions) open the quiz, then submit it in the same instant.
    p4 = data["p4"]
    starts = []
    for session in p4["sessions"]:
        cookies = {"sessionid": session, "csrftoken": p4["csrf"]}
        status, head = fetch(
            raw_request("POST", f"/kuis/{p4['quiz']}/mulai/", cookies, {"csrfmiddlewaretoken": p4["csrf"]})
        )
        match = re.search(rb"Location: /kuis/percobaan/(\d+)/", head)
        assert status == 302 and match, head.decode(errors="replace")
        starts.append((cookies, int(match.group(1))))
    form = {**p4["answers"], "submit": "1", "csrfmiddlewaretoken": p4["csrf"]}
    submits = at_once([raw_request("POST", f"/kuis/percobaan/{a}/", c, form) for c, a in starts])
    bares = at_once([bare] * len(starts))
    errors = sum(1 for status, head, _ in submits if status != 302 or b"/hasil/" not in head)
    stored = json.loads(run([PYTHON, "bench/_django.py", "attempts", p4["quiz"]]))
    ratio = p95([s for _, _, s in submits]) / p95([s for _, _, s in bares])
    n = len(starts)
    results.append(
        line(
            "P4",
            f"{n} learners submitting one quiz in the same second",
            f"{errors} errors, {stored['submitted']}/{stored['attempts']} attempts stored, p95 {ratio:.1f}× bare",
            f"0 errors, {n} attempts",
            errors == 0 and stored["attempts"] == stored["submitted"] == n,
        )
    )

    # P5: the facilitator's workshop page, 1,000 vs 100 participants, one request at a time, interleaved.
    p5 = data["p5"]
    cookies = {"sessionid": p5["session"]}
    pages = {size: raw_request("GET", f"/workshop/{p5[size]}/", cookies) for size in ("small", "large")}
    times = {"small": [], "large": []}
    for size, raw in pages.items():
        assert fetch(raw)[0] == 200, f"workshop page ({size}) did not answer 200"
    for _ in range(15):
        for size, raw in pages.items():
            started = time.perf_counter()
            fetch(raw)
            times[size].append(time.perf_counter() - started)
    ratio = statistics.median(times["large"]) / statistics.median(times["small"])
    results.append(line("P5", "facilitator dashboard, 1,000 vs 100 participants", f"{ratio:.2f}", "≤ 3", ratio <= 3))
    return results


def query_goal():
    report = WORK / "queries.jsonl"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"{PG}/{DB_NAME}_p3",  # pytest-django makes and drops test_bimtek_bench_p3
        "BENCH_QUERY_REPORT": str(report),
    }
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "pytest", "-q", "tests/test_query_budget.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [json.loads(x) for x in report.read_text().splitlines()] if report.exists() else []
    same = sum(1 for r in rows if r["1x"] == r["10x"])
    for r in rows:
        print(f"   ({r['screen']}: {r['1x']} queries at 1×, {r['10x']} at 10×)", flush=True)
    if done.returncode and not rows:
        sys.stderr.write(done.stdout[-3000:])
    return line(
        "P3",
        "query counts at 1× and 10× data (dashboard, quiz, live view, case studies)",
        f"{same}/{len(rows)} identical",
        "4/4 identical",
        same == len(rows) == 4 and done.returncode == 0,
    )


def script_goal(ident, name, script, goal):
    done = subprocess.run([PYTHON, script], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"ratio ([\d.]+)", done.stdout)
    if not match:
        sys.stderr.write(done.stdout + done.stderr)
        return line(ident, name, "failed", f"≤ {goal}", False)
    ratio = float(match.group(1))
    print(f"   ({done.stdout.strip()})", flush=True)
    return line(ident, name, f"{ratio:.1f}", f"≤ {goal}", ratio <= goal)


def main():
    started = time.perf_counter()
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    flush_redis()
    server = None
    results = []
    try:
        print(f"bench: setting up {DB_NAME} (migrate, bootstrap --demo, collectstatic, data)…", flush=True)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], SETUP_ENV)
        run([PYTHON, "manage.py", "bootstrap", "--demo"], SETUP_ENV)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], SETUP_ENV)
        data = json.loads(run([PYTHON, "bench/_django.py", "prepare"], SETUP_ENV))
        flush_redis()
        server = subprocess.Popen(  # noqa: S603
            [str(Path(PYTHON).parent / "gunicorn"), "lms.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "--error-logfile", str(WORK / "gunicorn.log")],
            cwd=ROOT, env=ENV, start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            try:
                if fetch(raw_request("GET", "/bench/bare/"))[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("bench: gunicorn did not start; see " + str(WORK / "gunicorn.log"))
        print(f"bench: gunicorn, 2 workers, on 127.0.0.1:{PORT}; {CONCURRENCY} concurrent clients", flush=True)
        results += http_goals(data)
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        flush_redis()
        admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    results.append(query_goal())
    results.append(
        script_goal("P6", "importing 10,000 participants vs raw bulk insert", "bench/import_participants.py", 20)
    )
    results.append(script_goal("P7", "exporting 10,000 rows vs raw CSV dump", "bench/export_rekap.py", 10))
    shutil.rmtree(WORK, ignore_errors=True)
    print()
    for _, text, _ in sorted(results):
        print(text)
    ok = sum(1 for *_, passed in results if passed)
    print(f"bench: {ok} OK, {len(results) - ok} SHORT of {len(results)} goals in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
