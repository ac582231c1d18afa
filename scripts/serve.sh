#!/bin/sh
# `make run`: gunicorn and one background worker (document generation), started and stopped
# together. Ctrl+C (or SIGTERM) stops both; if either one exits, the other is stopped too.
# Usage: scripts/serve.sh <python> <gunicorn> <host> <port> <workers>
set -u
PY=$1; GUNICORN=$2; HOST=$3; PORT=$4; WORKERS=$5
# One BLAS thread per process, as in production (docs/deployment.md, docs/benchmarks.md).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

"$PY" manage.py db_worker --no-reload --interval 1 --verbosity 1 &
worker=$!
"$GUNICORN" partnerwijzer.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" --threads 4 \
    --access-logfile - --forwarded-allow-ips=127.0.0.1 &
server=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM "$server" "$worker" 2>/dev/null
    wait "$server" 2>/dev/null
    wait "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

# Return as soon as either process ends (POSIX sh has no `wait -n`: poll both).
while kill -0 "$server" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do
    sleep 1
done
kill -0 "$server" 2>/dev/null || echo "The web server stopped; stopping the worker." >&2
kill -0 "$worker" 2>/dev/null || echo "The background worker stopped; stopping the web server." >&2
exit 1
