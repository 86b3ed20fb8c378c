#!/usr/bin/env bash
# Shared helpers of the cluster scripts. Source it; it reads DRY_RUN (true/false).
# shellcheck disable=SC2034  # variables are used by the scripts that source this file

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST=${PIPELINE_OPS_DIST:-$ROOT/dist}   # the synth output the scripts read (tests point it elsewhere)
DRY_RUN=${DRY_RUN:-false}

# Progress line on stderr, so a dry run's plan on stdout stays clean.
step() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# Runs a command, or in a dry run prints it (one line, shell-quoted) as part of the ordered plan.
run() {
  if [[ "$DRY_RUN" == true ]]; then
    printf '%q ' "$@" | sed 's/ $//'
    echo
  else
    "$@"
  fi
}

# Fails with an install hint when a tool is missing (skipped in a dry run: the plan needs no tools).
require_tool() {
  local tool=$1 hint=$2
  [[ "$DRY_RUN" == true ]] && return 0
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed; $hint"
}

# Parses --dry-run and --help (printing the usage text given first); sets DRY_RUN.
parse_common_flags() {
  local usage=$1
  shift
  for arg in "$@"; do
    case "$arg" in
      --dry-run) DRY_RUN=true ;;
      -h|--help) echo "$usage"; exit 0 ;;
      *) die "unknown argument: $arg (see --help)" ;;
    esac
  done
}

# Queries synthesized manifests and artifacts (YAML/JSON) with the project's own parser.
query() { node "$ROOT/scripts/lib/query.js" "$@"; }

ensure_synthesized() {
  if [[ ! -f "$DIST/kind-config.yaml" ]]; then
    step "synthesizing manifests (npm run synth)"
    (cd "$ROOT" && npm run --silent synth >/dev/null)
  fi
}

KIND_HINT="install kind v0.33.0: go install sigs.k8s.io/kind@v0.33.0 (or see https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
DOCKER_HINT="install Docker (Docker Desktop or Docker Engine) and give it 8 GB of memory"
KUBECTL_HINT="install kubectl 1.28 or newer: https://kubernetes.io/docs/tasks/tools/"
