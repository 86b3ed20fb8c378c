#!/usr/bin/env bash
# Creates the kubernetes.io/tls Secret $TLS_SECRET (ca.crt, tls.crt, tls.key) that Elasticsearch serves
# HTTPS with: a private CA and a server certificate for $DNS_NAMES, made by elasticsearch-certutil inside
# the cluster, so no private key ever exists in the repository. The CA key is discarded. Re-running does
# nothing while the Secret exists (delete it, then re-run the Job, to rotate the certificate).
set -euo pipefail

: "${TLS_SECRET:?}" "${DNS_NAMES:?}" "${VALIDITY_DAYS:?}" "${SECRET_LABELS_JSON:?}"
API_SERVER=${API_SERVER:-https://kubernetes.default.svc}
SA_DIR=${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
CERTUTIL=${CERTUTIL:-/usr/share/elasticsearch/bin/elasticsearch-certutil}
NAMESPACE=$(cat "${SA_DIR}/namespace")
WORK_DIR=$(mktemp -d)
trap 'rm -rf "${WORK_DIR}"' EXIT

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

# kube METHOD PATH [BODY_FILE]: a Kubernetes API call with the pod's service account token (read from
# a file by curl, never on a command line); prints the HTTP status, leaves the response in $WORK_DIR.
kube() {
  printf 'header = "Authorization: Bearer %s"\n' "$(cat "${SA_DIR}/token")" > "${WORK_DIR}/auth"
  local args=(--silent --show-error --max-time 30 --cacert "${SA_DIR}/ca.crt" --config "${WORK_DIR}/auth"
    --output "${WORK_DIR}/response" --write-out '%{http_code}' --request "$1" --header 'Content-Type: application/json')
  if [[ -n "${3:-}" ]]; then args+=(--data-binary "@$3"); fi
  curl "${args[@]}" "${API_SERVER}$2" || true
}

# only_file DIR SUFFIX: the single file under DIR whose name ends in SUFFIX.
only_file() {
  local found
  found=$(find "$1" -type f -name "*$2")
  if [[ -z "${found}" || "${found}" == *$'\n'* ]]; then
    log "expected exactly one *$2 under $1, found: ${found:-none}"
    return 1
  fi
  printf '%s' "${found}"
}

base64_of() { base64 < "$1" | tr -d '\n'; }

secret_path="/api/v1/namespaces/${NAMESPACE}/secrets"
status=$(kube GET "${secret_path}/${TLS_SECRET}")
case "${status}" in
  200) log "secret ${TLS_SECRET} exists; nothing to do"; exit 0 ;;
  404) log "secret ${TLS_SECRET} does not exist; creating a CA and a certificate for ${DNS_NAMES}" ;;
  *) log "cannot read secret ${TLS_SECRET} (HTTP ${status}): $(head -c 2000 "${WORK_DIR}/response")"; exit 1 ;;
esac

"${CERTUTIL}" ca --pem --silent --days "${VALIDITY_DAYS}" --out "${WORK_DIR}/ca.zip"
unzip -q "${WORK_DIR}/ca.zip" -d "${WORK_DIR}/ca"
ca_cert=$(only_file "${WORK_DIR}/ca" .crt)
ca_key=$(only_file "${WORK_DIR}/ca" .key)
"${CERTUTIL}" cert --pem --silent --days "${VALIDITY_DAYS}" --ca-cert "${ca_cert}" --ca-key "${ca_key}" \
  --name elasticsearch --dns "${DNS_NAMES}" --ip 127.0.0.1 --out "${WORK_DIR}/http.zip"
unzip -q "${WORK_DIR}/http.zip" -d "${WORK_DIR}/http"
server_cert=$(only_file "${WORK_DIR}/http" .crt)
server_key=$(only_file "${WORK_DIR}/http" .key)

cat > "${WORK_DIR}/secret.json" <<JSON
{"apiVersion": "v1", "kind": "Secret",
 "metadata": {"name": "${TLS_SECRET}", "labels": ${SECRET_LABELS_JSON}},
 "type": "kubernetes.io/tls",
 "data": {"ca.crt": "$(base64_of "${ca_cert}")", "tls.crt": "$(base64_of "${server_cert}")", "tls.key": "$(base64_of "${server_key}")"}}
JSON
status=$(kube POST "${secret_path}" "${WORK_DIR}/secret.json")
case "${status}" in
  201) log "created secret ${TLS_SECRET}" ;;
  409) log "secret ${TLS_SECRET} was created meanwhile by another run; keeping it" ;;
  *) log "cannot create secret ${TLS_SECRET} (HTTP ${status}): $(head -c 2000 "${WORK_DIR}/response")"; exit 1 ;;
esac
