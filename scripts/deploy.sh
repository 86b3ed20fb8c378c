#!/usr/bin/env bash
# Deploys the synthesized platform onto the Kind cluster, in order, waiting at each stage:
#   synth → cluster chart (namespaces, storage, CRDs, cluster RBAC) → CRDs Established → sealing key →
#   each namespace chart in file order (kube-system's controller first): apply, SealedSecrets Synced,
#   rollouts finished, Jobs complete.
# Server-side apply with one field manager: re-running it changes nothing.
# Usage: scripts/deploy.sh [--dry-run]
set -euo pipefail
USAGE="Usage: scripts/deploy.sh [--dry-run]   (--dry-run prints the commands in order)"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
parse_common_flags "$USAGE" "$@"

require_tool kubectl "$KUBECTL_HINT"
require_tool node "install Node.js 20"
ROLLOUT_TIMEOUT=${ROLLOUT_TIMEOUT:-600s}   # first deploys pull images of up to ~1 GB (Airflow, Kibana)
JOB_TIMEOUT=${JOB_TIMEOUT:-900s}

step "synthesizing manifests"
run npm --prefix "$ROOT" run --silent synth
ensure_synthesized
CLUSTER=$(query cluster-name "$DIST/kind-config.yaml")
KUBECTL=(kubectl --context "kind-$CLUSTER")
APPLY=("${KUBECTL[@]}" apply --server-side --field-manager=cdk8s-pipeline-ops --force-conflicts)

CHARTS=("$DIST"/*.k8s.yaml)   # numbered in apply order; the glob sorts them
CLUSTER_CHART=${CHARTS[0]}
step "applying the cluster chart ($(basename "$CLUSTER_CHART"))"
run "${APPLY[@]}" -f "$CLUSTER_CHART"
# Each query is assigned before it is used, so a failing query stops the script (set -e) instead of
# silently skipping a wait.
crds=$(query names "$CLUSTER_CHART" CustomResourceDefinition)
for crd in $crds; do
  run "${KUBECTL[@]}" wait --for=condition=Established --timeout=60s "customresourcedefinition/$crd"
done

# The controller loads its keys when it starts, so your key (npm run secrets:bootstrap) goes in first;
# without one the script stops here with that hint.
step "installing the sealing key before the sealed-secrets controller starts"
run "$ROOT/scripts/sealing-key.sh" install --context "kind-$CLUSTER"

for file in "${CHARTS[@]:1}"; do
  namespace=$(query namespace "$file")
  [[ -n "$namespace" ]] || continue   # a chart with no objects yet
  step "applying $(basename "$file") (namespace $namespace)"
  run "${APPLY[@]}" -f "$file"
  sealed_secrets=$(query names "$file" SealedSecret)
  for sealed in $sealed_secrets; do
    run "${KUBECTL[@]}" -n "$namespace" wait --for=condition=Synced --timeout=120s "sealedsecret/$sealed"
  done
  for kind in Deployment StatefulSet DaemonSet; do
    workloads=$(query rollout-names "$file" "$kind")
    for name in $workloads; do
      run "${KUBECTL[@]}" -n "$namespace" rollout status "${kind,,}/$name" --timeout="$ROLLOUT_TIMEOUT"
    done
  done
  external=$(query external "$file")
  if [[ -n "$external" ]]; then
    while read -r workload; do
      step "not waiting for $workload (outside the platform; it becomes ready once that answers)"
    done <<< "$external"
  fi
  jobs=$(query names "$file" Job)
  for job in $jobs; do
    run "${KUBECTL[@]}" -n "$namespace" wait --for=condition=complete --timeout="$JOB_TIMEOUT" "job/$job"
  done
done
step "deployed; check it with scripts/verify.sh"
