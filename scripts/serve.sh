#!/usr/bin/env bash
# Start the action server and the Rasa server on this machine, wait until both answer, then say how to chat.
# Ctrl-C stops both. Ports: RASA_PORT (5005), ACTION_PORT (5055). Conversations: TRACKER_DB (build/tracker.db).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}"
export TRACKER_DB="${TRACKER_DB:-$PWD/build/tracker.db}"
export RASA_TELEMETRY_ENABLED=false SANIC_HOST=127.0.0.1
# Several servers (README, "Several servers"): conversations in the shared PostgreSQL database of
# KANSRIJK_DATABASE_URL, with a small connection pool per server so that N servers fit max_connections.
if [ -n "${KANSRIJK_DATABASE_URL:-}" ]; then
  export ENDPOINTS="${ENDPOINTS:-deploy/cluster/endpoints.yml}"
  export SQL_POOL_SIZE="${SQL_POOL_SIZE:-2}" SQL_MAX_OVERFLOW="${SQL_MAX_OVERFLOW:-2}"
  CONVERSATIONS="PostgreSQL (KANSRIJK_DATABASE_URL)"
else
  CONVERSATIONS="$TRACKER_DB"
fi
PY=.venv/bin/python
mkdir -p build/logs

# Refuse to start with a model we did not train or with missing/default secrets (bot/preflight.py).
"$PY" -m bot.preflight --model models/kansrijk.tar.gz --endpoints "${ENDPOINTS:-endpoints.yml}"
# Remove conversations older than privacy.retention_days (kansrijk.yml); also run this daily (README, Privacy).
"$PY" -m bot privacy purge > build/logs/purge.log 2>&1 || { cat build/logs/purge.log >&2; exit 1; }
# Web pages allowed to call the REST channel: exact origins from kansrijk.yml (edge.allowed_origins).
read -r -a CORS <<< "$("$PY" -c 'from bot import settings; print(" ".join(settings.load().edge.allowed_origins))')"
# The HTTP API (trackers, model upload) stays off unless asked for, and then only with a JWT secret.
API=()
if [ "${KANSRIJK_ENABLE_API:-0}" = "1" ]; then API=(--enable-api --jwt-secret "$KANSRIJK_JWT_SECRET" --jwt-method HS256); fi

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

"$PY" -m rasa_sdk --actions actions --port "$ACTION_PORT" > build/logs/actions.log 2>&1 &
pids+=($!)
# Rasa's own `rasa run`, with the Rasa patches installed first (rasa_patches/__main__.py): it refuses to start when
# the installed Rasa is not the version they were tested with; KANSRIJK_RASA_PATCHES=off runs Rasa's own code.
"$PY" -m rasa_patches run --model models/kansrijk.tar.gz --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials credentials.yml \
  --interface "${RASA_INTERFACE:-127.0.0.1}" --port "$RASA_PORT" --cors "${CORS[@]}" "${API[@]}" > build/logs/rasa.log 2>&1 &
pids+=($!)

wait_for() {  # url, name, seconds
  for _ in $(seq 1 "$3"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "$2 stopped; see build/logs/" >&2; exit 1; }; done
    sleep 1
  done
  echo "$2 did not start within $3 s; see build/logs/" >&2; exit 1
}
wait_for "http://127.0.0.1:$ACTION_PORT/health" "action server" 120
wait_for "http://127.0.0.1:$RASA_PORT/" "Rasa server" 300

cat <<MSG

Kansrijk is running.
  Web widget on the demo page: http://127.0.0.1:$RASA_PORT/webhooks/site/
  Chat (REST):  curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
                  -H 'Content-Type: application/json' -d '{"sender": "me", "message": "hoi"}'
  Chat in this terminal: make shell   (in another terminal)
  Logs: build/logs/   Conversations: $CONVERSATIONS
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
