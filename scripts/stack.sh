#!/usr/bin/env bash
# The production stack on this machine, from one command (docs/deploy.md):
#   scripts/stack.sh up      (make stack)       install what is missing, set up, start, wait
#   scripts/stack.sh down    (make stack-stop)  stop everything it started
#   scripts/stack.sh status                     what runs
# nginx (TLS with a self-signed certificate, static files, buffered bodies) in front of two
# gunicorn app servers, the task worker and the stack's own Redis, all under one supervisord;
# the machine's PostgreSQL holds the database. DEBUG is off: the site runs as deployed.
# Everything it writes lives in $STACK_DIR (.stack/ by default, never committed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
STACK_HOST="${STACK_HOST:-localhost}"
HTTPS_PORT="${STACK_HTTPS_PORT:-8443}"
HTTP_PORT="${STACK_HTTP_PORT:-8080}"
APP1_PORT="${STACK_APP1_PORT:-8101}"
APP2_PORT="${STACK_APP2_PORT:-8102}"
REDIS_PORT="${STACK_REDIS_PORT:-6390}"
POSTGRES="${STACK_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
DATABASE="${STACK_DATABASE:-cramp_stack}"
EMAIL_URL_VALUE="${STACK_EMAIL_URL:-consolemail://}"
SITE="https://$STACK_HOST:$HTTPS_PORT"
PYTHON="$ROOT/.venv/bin/python"
CTL=(supervisorctl -c "$STACK_DIR/supervisord.conf")

say() { echo "stack: $*"; }

supervisor_running() {
  [ -f "$STACK_DIR/supervisord.pid" ] && kill -0 "$(cat "$STACK_DIR/supervisord.pid")" 2>/dev/null
}

# Secrets made once per machine and kept: a new SECRET_KEY would sign everyone out, new VAPID
# keys would void every push subscription.
make_secrets() {
  [ -f "$STACK_DIR/secrets.env" ] && return
  say "generating SECRET_KEY and VAPID keys into $STACK_DIR/secrets.env"
  # In a subshell: the mask is for the secrets alone (a 077 left behind made the collected static
  # files unreadable to nginx's workers on a fresh clone).
  (
    umask 077
    {
      echo "SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(64))')"
      DEBUG=true "$PYTHON" manage.py generate_vapid_keys
    } > "$STACK_DIR/secrets.env.tmp"
  )
  mv "$STACK_DIR/secrets.env.tmp" "$STACK_DIR/secrets.env"
}

# What the app reads from its environment; rewritten on every start, from the variables above.
write_environment() {
  cat > "$STACK_DIR/stack.env" <<ENV
DEBUG=false
ALLOWED_HOSTS=$STACK_HOST,127.0.0.1
CSRF_TRUSTED_ORIGINS=$SITE
SITE_URL=$SITE
BEHIND_TLS_PROXY=true
TRUSTED_PROXY_COUNT=1
DATABASE_URL=$POSTGRES/$DATABASE
CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1
TASKS_BACKEND=rq
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
EMAIL_URL=$EMAIL_URL_VALUE
DEFAULT_FROM_EMAIL='Cramp Journal <noreply@$STACK_HOST>'
LOG_LEVEL=WARNING
ENV
}

load_environment() {
  set -a
  # shellcheck disable=SC1091
  . "$STACK_DIR/secrets.env"
  # shellcheck disable=SC1091
  . "$STACK_DIR/stack.env"
  set +a
}

make_certificate() {
  [ -f "$STACK_DIR/tls/cert.pem" ] && return
  say "making a self-signed certificate for $STACK_HOST"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$STACK_HOST" \
    -addext "subjectAltName=DNS:$STACK_HOST,DNS:localhost,IP:127.0.0.1" \
    -keyout "$STACK_DIR/tls/key.pem" -out "$STACK_DIR/tls/cert.pem" 2>/dev/null
  chmod 600 "$STACK_DIR/tls/key.pem"
}

render() {  # render TEMPLATE OUTPUT: fills in the @NAMES@ of deploy/*.in
  sed -e "s|@STACK_DIR@|$STACK_DIR|g" -e "s|@ROOT@|$ROOT|g" \
      -e "s|@STATIC_ROOT@|$ROOT/staticfiles|g" -e "s|@NGINX@|$(command -v nginx || echo /usr/sbin/nginx)|g" \
      -e "s|@NGINX_MODULES@|/usr/lib/nginx/modules|g" \
      -e "s|@HTTPS_PORT@|$HTTPS_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
      -e "s|@APP1_PORT@|$APP1_PORT|g" -e "s|@APP2_PORT@|$APP2_PORT|g" \
      -e "s|@REDIS_PORT@|$REDIS_PORT|g" "$1" > "$2"
}

prepare_database() {
  if ! psql "$POSTGRES/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
    say "creating the PostgreSQL database $DATABASE"
    psql "$POSTGRES/postgres" -qc "CREATE DATABASE \"$DATABASE\""
    touch "$STACK_DIR/.new-database"
  fi
  "$PYTHON" manage.py migrate --noinput --verbosity 0
  "$PYTHON" manage.py collectstatic --noinput --verbosity 0
  # The food catalog goes into a new database (STACK_CATALOG=0: not now, =1: load it again).
  if [ "${STACK_CATALOG:-}" = "0" ]; then
    return
  fi
  if [ -f "$STACK_DIR/.new-database" ] || [ "${STACK_CATALOG:-}" = "1" ]; then
    say "loading the food catalog"
    "$PYTHON" manage.py import_foods --verbosity 0 && rm -f "$STACK_DIR/.new-database"
  fi
}

wait_until_serving() {
  local deadline=$((SECONDS + ${STACK_WAIT:-60})) code
  while [ $SECONDS -lt $deadline ]; do
    code=$(curl -sk -o /dev/null -w '%{http_code}' "$SITE/" || true)
    if [ "$code" = "200" ] && curl -s -o /dev/null "http://127.0.0.1:$APP1_PORT/" \
        && curl -s -o /dev/null "http://127.0.0.1:$APP2_PORT/"; then
      say "serving on $SITE/ (both app servers answer)"
      return 0
    fi
    sleep 0.3
  done
  say "not serving after ${STACK_WAIT:-60} s; logs in $STACK_DIR/logs/"
  "${CTL[@]}" status || true
  tail -n 20 "$STACK_DIR"/logs/*.log >&2 || true
  return 1
}

up() {
  "$ROOT/scripts/stack-install.sh"
  [ -x "$PYTHON" ] || make -s .venv/.runtime-installed
  mkdir -p "$STACK_DIR"/{logs,redis,tls,nginx}
  make_secrets
  write_environment
  make_certificate
  load_environment
  prepare_database
  render deploy/nginx.conf.in "$STACK_DIR/nginx.conf"
  render deploy/supervisord.conf.in "$STACK_DIR/supervisord.conf"
  nginx -t -c "$STACK_DIR/nginx.conf" -q
  if supervisor_running; then
    say "already running: restarting its programs with the new code and settings"
    "${CTL[@]}" reread >/dev/null && "${CTL[@]}" update >/dev/null
    "${CTL[@]}" restart all >/dev/null
  else
    supervisord -c "$STACK_DIR/supervisord.conf"
  fi
  wait_until_serving
}

down() {
  if ! supervisor_running; then
    say "not running"
    return 0
  fi
  local pid
  pid=$(cat "$STACK_DIR/supervisord.pid")
  "${CTL[@]}" shutdown >/dev/null
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "supervisord ($pid) did not stop"
    return 1
  fi
  say "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) supervisor_running && "${CTL[@]}" status || say "not running" ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
