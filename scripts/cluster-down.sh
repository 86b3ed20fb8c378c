#!/usr/bin/env bash
# Deletes the Kind cluster (and with it every volume on its nodes).
# Usage: scripts/cluster-down.sh [--dry-run]
set -euo pipefail
USAGE="Usage: scripts/cluster-down.sh [--dry-run]   (--dry-run prints the commands in order)"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
parse_common_flags "$USAGE" "$@"

require_tool kind "$KIND_HINT"
ensure_synthesized
CLUSTER=$(query cluster-name "$DIST/kind-config.yaml")
step "deleting kind cluster $CLUSTER"
run kind delete cluster --name "$CLUSTER"
