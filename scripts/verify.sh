#!/usr/bin/env bash
# Checks a deployed platform: every pod of each namespace Ready, and each UI answering on its localhost port.
# Usage: scripts/verify.sh [--dry-run]
set -euo pipefail
USAGE="Usage: scripts/verify.sh [--dry-run]   (--dry-run prints the commands in order)"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
parse_common_flags "$USAGE" "$@"

require_tool kubectl "$KUBECTL_HINT"
require_tool curl "install curl"
ensure_synthesized
CLUSTER=$(query cluster-name "$DIST/kind-config.yaml")
KUBECTL=(kubectl --context "kind-$CLUSTER")

CHARTS=("$DIST"/*.k8s.yaml)   # numbered in apply order; the glob sorts them
for file in "${CHARTS[@]:1}"; do
  namespace=$(query namespace "$file")
  [[ -n "$namespace" ]] || continue
  step "pods of $namespace Ready"
  # Finished Job pods (Succeeded) are never Ready; only running pods count.
  run "${KUBECTL[@]}" -n "$namespace" wait --for=condition=Ready pod --all --field-selector=status.phase!=Succeeded --timeout=180s
done
endpoints=$(query ui-endpoints "$DIST/kind/ui-endpoints.json")   # assigned first: a failing query stops the script
while read -r name url; do
  step "$name answers at $url"
  run curl --fail --silent --show-error --max-time 10 --retry 5 --retry-delay 3 --retry-all-errors --output /dev/null "$url"
done <<< "$endpoints"
step "platform verified"
