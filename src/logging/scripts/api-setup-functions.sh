# shellcheck shell=bash
# Functions of the logging stack's setup Jobs (inlined into each Job's setup.sh by
# src/logging/api-setup-script.ts). Expects ADMIN_USER, ADMIN_KEY, CREDENTIALS_DIR, CA_FILE,
# WAIT_ATTEMPTS, WAIT_SECONDS and WORK_DIR to be set.

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

# curl reads the Authorization header from a file, so no password is ever on a command line.
write_auth_header() {
  local credentials
  credentials="${ADMIN_USER}:$(cat "${CREDENTIALS_DIR}/${ADMIN_KEY}")"
  printf 'header = "Authorization: Basic %s"\n' "$(printf '%s' "${credentials}" | base64 | tr -d '\n')" > "${WORK_DIR}/auth"
}

# api METHOD URL [BODY_FILE]: prints the HTTP status (000 when unreachable); the response body is
# left in $WORK_DIR/response.
api() {
  local args=(--silent --show-error --max-time 30 --config "${WORK_DIR}/auth" --output "${WORK_DIR}/response"
    --write-out '%{http_code}' --request "$1" --header 'Content-Type: application/json' --header 'kbn-xsrf: pipeline-ops')
  if [[ -n "${CA_FILE}" ]]; then args+=(--cacert "${CA_FILE}"); fi
  if [[ -n "${3:-}" ]]; then args+=(--data-binary "@$3"); fi
  curl "${args[@]}" "$2" 2>>"${WORK_DIR}/curl-errors" || true
}

# wait_for NAME URL: polls URL until it answers 200.
wait_for() {
  local attempt status
  for ((attempt = 1; attempt <= WAIT_ATTEMPTS; attempt++)); do
    status=$(api GET "$2")
    if [[ "${status}" == 200 ]]; then
      log "$1 is ready"
      return 0
    fi
    log "waiting for $1 (HTTP ${status}, attempt ${attempt} of ${WAIT_ATTEMPTS})"
    sleep "${WAIT_SECONDS}"
  done
  log "$1 did not become ready; last curl error: $(tail -n 1 "${WORK_DIR}/curl-errors" 2>/dev/null)"
  return 1
}

# json_string FILE: the file's content as a JSON string literal (backslashes and quotes escaped).
json_string() {
  local value
  value=$(cat "$1")
  value=${value//\\/\\\\}
  value=${value//\"/\\\"}
  printf '"%s"' "${value}"
}

# render TEMPLATE OUTPUT KEY...: writes TEMPLATE to OUTPUT with each "@@secret:KEY@@" string replaced
# by that credential, read from $CREDENTIALS_DIR/KEY.
render() {
  local content output key escaped
  content=$(cat "$1")
  output=$2
  shift 2
  for key in "$@"; do
    escaped=$(json_string "${CREDENTIALS_DIR}/${key}")
    content=${content//"\"@@secret:${key}@@\""/"${escaped}"}
  done
  printf '%s' "${content}" > "${output}"
}

# send DESCRIPTION METHOD URL BODY_FILE ACCEPTED_STATUS...: fails unless the status is accepted.
send() {
  local description=$1 method=$2 url=$3 body=$4 status accepted
  shift 4
  status=$(api "${method}" "${url}" "${body}")
  for accepted in "$@"; do
    if [[ "${status}" == "${accepted}" ]]; then
      log "${description}: ${method} ok (HTTP ${status})"
      return 0
    fi
  done
  log "${description}: ${method} failed (HTTP ${status}): $(head -c 2000 "${WORK_DIR}/response" 2>/dev/null)"
  return 1
}
