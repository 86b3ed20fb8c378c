#!/usr/bin/env bash
# Creates the Kind cluster from dist/kind-config.yaml (1 control plane, 2 workers, audit logging, UI ports
# on 127.0.0.1). Idempotent: an existing cluster of that name is left as is.
# Usage: scripts/cluster-up.sh [--dry-run]
set -euo pipefail
USAGE="Usage: scripts/cluster-up.sh [--dry-run]   (--dry-run prints the commands in order)"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
parse_common_flags "$USAGE" "$@"

require_tool docker "$DOCKER_HINT"
require_tool kind "$KIND_HINT"
require_tool kubectl "$KUBECTL_HINT"
if [[ "$DRY_RUN" != true ]]; then
  docker info >/dev/null 2>&1 || die "Docker is installed but not running; start it ($DOCKER_HINT)"
fi
ensure_synthesized
cd "$ROOT"   # kind resolves the audit policy's relative hostPath against the working directory
CLUSTER=$(query cluster-name "$DIST/kind-config.yaml")

if [[ "$DRY_RUN" != true ]] && kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  step "kind cluster $CLUSTER already exists; nothing to do"
  exit 0
fi
step "creating kind cluster $CLUSTER"
run kind create cluster --config "$DIST/kind-config.yaml" --wait 180s
run kubectl cluster-info --context "kind-$CLUSTER"
run kubectl --context "kind-$CLUSTER" wait --for=condition=Ready node --all --timeout=180s
step "cluster $CLUSTER is up; next: scripts/deploy.sh"
