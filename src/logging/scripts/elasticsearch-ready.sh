#!/usr/bin/env bash
# Readiness of the Elasticsearch node: the cluster is at least yellow (a single node never gets its
# replicas, if any index has some). Authenticates as elastic with the password read from a file and
# handed to curl on stdin, so it never appears on a command line.
set -euo pipefail
: "${PROBE_PASSWORD_FILE:?}" "${READY_URL:?}" "${CA_FILE:?}"
password=$(cat "${PROBE_PASSWORD_FILE}")
password=${password//\\/\\\\}
password=${password//\"/\\\"}
printf 'user = "elastic:%s"\n' "${password}" \
  | curl --silent --fail --max-time 4 --cacert "${CA_FILE}" --config - --output /dev/null "${READY_URL}"
