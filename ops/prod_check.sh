#!/usr/bin/env bash
# `make prod-check`: the pre-release gate. Builds the production stack from scratch on PostgreSQL and Redis
# (from DATABASE_URL / REDIS_URL, as .ci/run exports them), runs the smoke suite over real HTTP, then backs
# everything up, restores it into a fresh database and runs the smoke suite again on the restored copy.
#
#   database  <name>_prodcheck and <name>_restore on the DATABASE_URL server (created here, dropped at the end)
#   redis     database 5 on the REDIS_URL server (PRODCHECK_REDIS_DB to change), flushed at the start
#   files     tmp/prod-check/: logs (*.log), mail, media, private media, static, backups
#
# Processes: gunicorn (lms.settings.production), a Celery worker and Celery beat, all killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
BIN=$ROOT/.venv/bin
OUT=$ROOT/tmp/prod-check
START=$(date +%s)

say() { printf "== [%3d s] %s\n" "$(($(date +%s) - START))" "$*"; }
fail() { printf 'prod-check: %s\n' "$*" >&2; exit 1; }

[[ "${DATABASE_URL:-}" == postgres* ]] || fail "DATABASE_URL harus PostgreSQL / must point at PostgreSQL, e.g. postgres://bimtek:bimtek@127.0.0.1:5432/bimtek"
[[ "${REDIS_URL:-}" == redis* ]] || fail "REDIS_URL harus diisi / must be set, e.g. redis://127.0.0.1:6379/0"
for tool in psql pg_dump pg_restore; do command -v "$tool" >/dev/null || fail "$tool tidak ditemukan / not found (apt-get install postgresql-client)"; done

# postgres://user:pw@host:port/name[?options] -> server part and database name
url_no_query=${DATABASE_URL%%\?*}
PG_SERVER=${url_no_query%/*}
PG_NAME=${url_no_query##*/}
CHECK_DB=${PG_NAME}_prodcheck
RESTORE_DB=${PG_NAME}_restore
PC_REDIS_URL=$(sed -E 's#/[0-9]*$##' <<<"$REDIS_URL")/${PRODCHECK_REDIS_DB:-5}

PIDS=()
FAILED=1

psql_admin() { PGOPTIONS=--client-min-messages=warning psql "$PG_SERVER/postgres" -v ON_ERROR_STOP=1 -qtAc "$1" >/dev/null; }

drop_db() { # WITH (FORCE) ends our own leftover connections but may not signal an autovacuum worker
    # (another role); a plain DROP waits for autovacuum to let go. Retry both for a few seconds.
    for _ in 1 2 3 4 5; do
        psql_admin "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" 2>/dev/null && return 0
        psql_admin "DROP DATABASE IF EXISTS \"$1\"" 2>/dev/null && return 0
        sleep 1
    done
    psql_admin "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
}

stop_pids() {
    local pid
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 40); do
        local alive=0
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ $alive == 0 ]] && return 0
        sleep 0.25
    done
    for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

cleanup() {
    local rc=$?
    set +e
    if [[ ${#PIDS[@]} -gt 0 ]]; then stop_pids "${PIDS[@]}"; fi
    if [[ $FAILED == 1 ]]; then
        for log in "$OUT"/*-web.log "$OUT"/*-worker.log "$OUT"/*-beat.log; do
            [[ -f "$log" ]] || continue
            printf '\n----- %s (last 60 lines) -----\n' "${log#"$ROOT"/}"
            tail -n 60 "$log"
        done
        printf '\nprod-check FAILED after %s s (logs in tmp/prod-check/)\n' "$(($(date +%s) - START))" >&2
        [[ $rc == 0 ]] && rc=1
    fi
    if drop_db "$CHECK_DB" && drop_db "$RESTORE_DB"; then
        say "stopped the processes, dropped $CHECK_DB and $RESTORE_DB"
    else
        echo "prod-check: could not drop $CHECK_DB / $RESTORE_DB (the next run drops them first)" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_http() { # url seconds
    "$PY" - "$1" "$2" <<'EOF'
import sys, time, urllib.error, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=5)
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)  # it answered
    except OSError:
        time.sleep(0.3)
sys.exit(f"{url} did not answer")
EOF
}

wait_log() { # file pattern seconds pid
    for _ in $(seq 1 $(($3 * 4))); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$4" 2>/dev/null || fail "$(basename "$1" .log) exited during start-up"
        sleep 0.25
    done
    fail "$(basename "$1" .log) did not log '$2' within $3 s"
}

# One environment for every production process; the stack differs only in database, media and port.
use_stack() { # database port media-dir mail-dir
    export DATABASE_URL=$PG_SERVER/$1
    export MEDIA_ROOT=$3/media PRIVATE_MEDIA_ROOT=$3/private-media EMAIL_FILE_PATH=$4
    export CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$2,https://localhost:$2
    export WAGTAILADMIN_BASE_URL=https://127.0.0.1:$2
    mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT" "$EMAIL_FILE_PATH"
}

start_worker() { # name
    "$BIN/celery" -A lms worker --loglevel=INFO --concurrency=2 --hostname "$1@%h" >"$OUT/$1-worker.log" 2>&1 &
    PIDS+=($!)
    WORKER=$!
}

start_web() { # name port
    "$BIN/gunicorn" lms.wsgi --bind "127.0.0.1:$2" --workers 2 --timeout 30 --graceful-timeout 5 \
        --access-logfile - --error-logfile - >"$OUT/$1-web.log" 2>&1 &
    PIDS+=($!)
    WEB=$!
}

wait_stack() { # name port
    wait_http "http://127.0.0.1:$2/" 60 || fail "gunicorn ($1) did not answer"
    kill -0 "$WEB" 2>/dev/null || fail "gunicorn ($1) exited"
    wait_log "$OUT/$1-worker.log" "ready\." 60 "$WORKER"
}

step() { # name command…: run in the background, output to $OUT/name.log; `finish name` waits for it
    "${@:2}" >"$OUT/$1.log" 2>&1 &
    PIDS+=($!)
    eval "STEP_${1//-/_}=$!"
}

finish() { # name
    local pid_var="STEP_${1//-/_}"
    wait "${!pid_var}" || { tail -n 40 "$OUT/$1.log"; fail "$1 failed (tmp/prod-check/$1.log)"; }
}

smoke() { # name port mail-dir
    say "smoke suite against $1 (http://127.0.0.1:$2)"
    "$BIN/pytest" -p no:django -W ignore::pytest.PytestConfigWarning smoke -q --durations=5 \
        --base-url "http://127.0.0.1:$2" --mail-dir "$3" 2>&1 | tee "$OUT/$1-smoke.log"
    return "${PIPESTATUS[0]}"
}

say "prod-check: PostgreSQL databases $CHECK_DB and $RESTORE_DB, Redis $PC_REDIS_URL"
rm -rf "$OUT"
mkdir -p "$OUT"
drop_db "$CHECK_DB"
drop_db "$RESTORE_DB"
psql_admin "CREATE DATABASE \"$CHECK_DB\""
"$PY" -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$PC_REDIS_URL"

export DJANGO_SETTINGS_MODULE=lms.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export REDIS_URL=$PC_REDIS_URL CELERY_BROKER_URL=$PC_REDIS_URL CELERY_TASK_ALWAYS_EAGER=False
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export STATIC_ROOT=$OUT/static
PORT=$(free_port)
use_stack "$CHECK_DB" "$PORT" "$OUT/main" "$OUT/mail"

# Independent steps run side by side: check --deploy and collectstatic need no database.
say "check --deploy, collectstatic, migrate, bootstrap --demo"
step check-deploy env SECURE_SSL_REDIRECT=True "$PY" manage.py check --deploy --fail-level WARNING
step collectstatic "$PY" manage.py collectstatic --noinput
# Loopback is plain HTTP: no redirect to https; cookies stay Secure, HSTS is sent behind X-Forwarded-Proto.
export SECURE_SSL_REDIRECT=False
step migrate "$PY" manage.py migrate --noinput
finish migrate
start_worker main
"$BIN/celery" -A lms beat --loglevel=INFO --schedule "$OUT/celerybeat-schedule" >"$OUT/main-beat.log" 2>&1 &
PIDS+=($!)
BEAT=$!
step bootstrap "$PY" manage.py bootstrap --demo
finish check-deploy
grep -v '^{' "$OUT/check-deploy.log"
finish collectstatic
tail -n 1 "$OUT/collectstatic.log"
finish bootstrap
tail -n 2 "$OUT/bootstrap.log"

say "gunicorn :$PORT, Celery worker and beat"
start_web main "$PORT"
wait_stack main "$PORT"
wait_log "$OUT/main-beat.log" "beat: Starting" 30 "$BEAT"

smoke main "$PORT" "$OUT/mail"

say "Celery beat"
kill -0 "$BEAT" || fail "celery beat is not running"
compgen -G "$OUT/celerybeat-schedule*" >/dev/null || fail "celery beat wrote no schedule file"
echo "beat alive (pid $BEAT), schedule file written"

say "backup (of the running stack)"
ARCHIVE=$("$PY" manage.py backup --output-dir "$OUT/backups" 2>"$OUT/backup.log") || { cat "$OUT/backup.log"; fail "backup failed"; }
echo "$ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
stop_pids "${PIDS[@]}"
PIDS=()

say "restore into a fresh database $RESTORE_DB"
psql_admin "CREATE DATABASE \"$RESTORE_DB\""
PORT2=$(free_port)
use_stack "$RESTORE_DB" "$PORT2" "$OUT/restored" "$OUT/mail-restored"
"$PY" manage.py restore "$ARCHIVE" 2>&1 | tee "$OUT/restore.log"
if grep -q "migrate" "$OUT/restore.log"; then fail "the restored database is missing migrations"; fi
start_web restored "$PORT2"
start_worker restored
if "$PY" manage.py restore "$ARCHIVE" >"$OUT/restore-again.log" 2>&1; then
    fail "restore into a non-empty database did not refuse"
fi
grep -q "tidak kosong" "$OUT/restore-again.log" || fail "restore refused without saying why"
echo "a second restore into the now non-empty database is refused: ok"
diff -r "$OUT/main/private-media" "$OUT/restored/private-media" >/dev/null || fail "private media differ after restore"
diff -r "$OUT/main/media" "$OUT/restored/media" >/dev/null || fail "media differ after restore"
echo "media and private media restored identically ($(find "$OUT/restored" -type f | wc -l) files)"

say "gunicorn :$PORT2 and a worker on the restored database"
wait_stack restored "$PORT2"
smoke restored "$PORT2" "$OUT/mail-restored"

FAILED=0
say "prod-check passed in $(($(date +%s) - START)) s"
