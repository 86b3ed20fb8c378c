#!/usr/bin/env bash
# Fetches the sealed-secrets controller's current sealing certificate from a running cluster, for
# `npm run seal -- --cert <file>` and `npm run rotate -- --cert <file>`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/command-plan.sh
source "$ROOT/scripts/lib/command-plan.sh"

usage() {
  cat <<'EOF'
Usage: scripts/fetch-cert.sh [options]

Waits for the controller, fetches its newest certificate and prints its subject, expiry and SHA-256
fingerprint (the fingerprint sealed files record in their header).

Options
  --out FILE             where to write the certificate      (default: .secrets/controller-cert.pem)
  --namespace NS         the controller's namespace          (default: kube-system)
  --controller-name N    the controller's Service/Deployment (default: sealed-secrets-controller)
  --context CTX          kubectl context                     (default: the current one)
  --via kubeseal|kubectl how to reach it: kubeseal --fetch-cert, or the API server's service proxy
                         with kubectl                        (default: kubeseal when installed)
  --dry-run              print the commands in order; run nothing
  -h, --help             this text

Both ways go through the API server's service proxy to http:<controller>:http, which every
authenticated user may use (Role sealed-secrets-service-proxier).
EOF
}

OUT=.secrets/controller-cert.pem
NAMESPACE=kube-system
CONTROLLER=sealed-secrets-controller
CONTEXT=
VIA=
DRY_RUN=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --namespace) NAMESPACE=${2:?--namespace needs a name}; shift 2 ;;
    --controller-name) CONTROLLER=${2:?--controller-name needs a name}; shift 2 ;;
    --context) CONTEXT=${2:?--context needs a name}; shift 2 ;;
    --via) VIA=${2:?--via needs kubeseal or kubectl}; shift 2 ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown option \"$1\"" ;;
  esac
done

cd "$ROOT"
KUBESEAL=
if [[ -x .tools/bin/kubeseal ]]; then
  KUBESEAL=.tools/bin/kubeseal
elif command -v kubeseal >/dev/null 2>&1; then
  KUBESEAL=kubeseal
fi
if [[ -z $VIA && -n $KUBESEAL ]]; then
  VIA=kubeseal
elif [[ -z $VIA ]]; then
  VIA=kubectl
fi
case $VIA in
  kubeseal) [[ -n $KUBESEAL || $DRY_RUN == true ]] || die "kubeseal is not installed; run npm run setup-tools, or pass --via kubectl"; KUBESEAL=${KUBESEAL:-kubeseal} ;;
  kubectl) ;;
  *) bad_usage "--via must be kubeseal or kubectl, not \"$VIA\"" ;;
esac

CONTEXT_FLAG=$(context_flag "$CONTEXT")
KUBECTL_NS="kubectl$CONTEXT_FLAG -n $(quote "$NAMESPACE")"

step "$KUBECTL_NS rollout status deployment/$(quote "$CONTROLLER") --timeout=300s"
step "mkdir -p $(quote "$(dirname "$OUT")")"
if [[ $VIA == kubeseal ]]; then
  step "$(quote "$KUBESEAL")$CONTEXT_FLAG --controller-namespace $(quote "$NAMESPACE") --controller-name $(quote "$CONTROLLER") --fetch-cert > $(quote "$OUT")"
else
  step "kubectl$CONTEXT_FLAG get --raw /api/v1/namespaces/$(quote "$NAMESPACE")/services/http:$(quote "$CONTROLLER"):http/proxy/v1/cert.pem > $(quote "$OUT")"
fi
step "openssl x509 -in $(quote "$OUT") -noout -subject -enddate -fingerprint -sha256"
