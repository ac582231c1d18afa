#!/bin/sh
# `make run`: gunicorn, one background worker (documents and outgoing messages) and the outbox's
# periodic run (`manage.py outbox_tick` every OUTBOX_TICK_SECONDS, default 300: reminders due,
# retries; docs/messages.md), started and stopped together. Ctrl+C (or SIGTERM) stops all three. A worker or periodic run that dies is started again
# (after WORKER_RESTART_SECONDS, default 5): documents wait a little, pages keep being served. Only
# when the web server itself ends does the script stop the worker and exit.
# Usage: scripts/serve.sh <python> <gunicorn> <host> <port> <workers>
set -u
PY=$1; GUNICORN=$2; HOST=$3; PORT=$4; WORKERS=$5
RESTART=${WORKER_RESTART_SECONDS:-5}
# One BLAS thread per process, as in production (docs/deployment.md, docs/benchmarks.md).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

start_worker() {
    "$PY" manage.py db_worker --no-reload --interval 1 --verbosity 1 &
    worker=$!
}

start_ticker() {
    "$PY" manage.py outbox_tick --loop "${OUTBOX_TICK_SECONDS:-300}" --verbosity 0 &
    ticker=$!
}

start_worker
start_ticker
"$GUNICORN" partnerwijzer.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" --threads 4 \
    --access-logfile - --forwarded-allow-ips=127.0.0.1 &
server=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM "$server" "$worker" "$ticker" 2>/dev/null
    wait "$server" 2>/dev/null
    wait "$worker" 2>/dev/null
    wait "$ticker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

# POSIX sh has no `wait -n`: poll both once a second.
while kill -0 "$server" 2>/dev/null; do
    if ! kill -0 "$worker" 2>/dev/null; then
        wait "$worker" 2>/dev/null
        echo "The background worker stopped (exit status $?); starting it again in ${RESTART} s." >&2
        sleep "$RESTART" & wait $!
        kill -0 "$server" 2>/dev/null || break
        start_worker
    fi
    if ! kill -0 "$ticker" 2>/dev/null; then
        wait "$ticker" 2>/dev/null
        echo "The outbox's periodic run stopped (exit status $?); starting it again in ${RESTART} s." >&2
        sleep "$RESTART" & wait $!
        kill -0 "$server" 2>/dev/null || break
        start_ticker
    fi
    sleep 1
done
echo "The web server stopped; stopping the worker." >&2
exit 1
