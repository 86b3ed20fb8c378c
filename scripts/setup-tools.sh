#!/usr/bin/env bash
# Installs every tool the tests use, pinned and idempotent, into git-ignored folders:
#   .tools/bin      kubeconform, kubeseal, promtool, amtool, statsd-exporter (built from tools/<name>/go.mod via the Go module proxy)
#                   and kind-config-check (the project's own check of the Kind config against kind's Go types)
#   .tools/schemas  strict Kubernetes JSON schemas (from k8s.io/kubernetes' OpenAPI) plus the vendored CRDs
#   .tools/checkov  the checkov scanner (frozen requirements in tools/checkov/requirements.txt)
#   .venv           Apache Airflow and the DAG test tools (frozen requirements in dags/requirements-dev.txt)
# and Debian's prometheus, prometheus-alertmanager, shellcheck, curl, zip and unzip packages (needs root for apt-get).
# Re-running it does nothing when everything is in place. Usage: scripts/setup-tools.sh [--quiet]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
STAMPS="$TOOLS/stamps"
QUIET=false
[[ "${1:-}" == "--quiet" ]] && QUIET=true

log() { $QUIET || echo "setup-tools: $*" >&2; }
die() { echo "setup-tools: error: $*" >&2; exit 1; }
# A stamp records the inputs a tool was built from; when they are unchanged the step is skipped.
fingerprint() { cat "$@" | sha256sum | cut -d' ' -f1; }
is_current() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" ]]; }
mark_current() { mkdir -p "$STAMPS"; echo "$2" > "$STAMPS/$1"; }

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; $2"
}

install_debian_packages() {
  local missing=()
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v prometheus-alertmanager >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  # The logging stack's Job scripts run under test with bash and curl; the certificate script unzips
  # certutil's output and its test zips a stand-in's.
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  [[ ${#missing[@]} -eq 0 ]] && return
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "Debian packages ${missing[*]} are missing and this user cannot run apt-get; run: sudo apt-get install -y ${missing[*]}"
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Builds tools/<name>: either an upstream command pinned by tools.go, or the project's own main package.
build_go_tool() {
  local name=$1 module_dir="$ROOT/tools/$1"
  local stamp
  stamp=$(fingerprint "$module_dir"/go.mod "$module_dir"/go.sum "$module_dir"/*.go)
  if [[ -x "$TOOLS/bin/$name" ]] && is_current "go-$name" "$stamp"; then return; fi
  local package=.
  if [[ -f "$module_dir/tools.go" ]]; then
    package=$(sed -n 's/^import _ "\(.*\)"$/\1/p' "$module_dir/tools.go")
  fi
  log "building $name ($package) — the first build takes a few minutes"
  (cd "$module_dir" && GOFLAGS=-mod=mod go build -trimpath -o "$TOOLS/bin/$name" "$package")
  mark_current "go-$name" "$stamp"
}

# The Kubernetes releases the manifests are validated against: cdk8s-plus-28's API level and the Kind node's.
kubernetes_versions() {
  (cd "$ROOT" && node --require ts-node/register/transpile-only -e '
    const c = require("./src/config/cluster");
    console.log(c.BASELINE_KUBERNETES_VERSION, c.KIND_KUBERNETES_VERSION);')
}

generate_schemas() {
  local version dir swagger stamp
  for version in $(kubernetes_versions); do
    dir="$TOOLS/schemas/v$version-standalone-strict"
    stamp=$(fingerprint "$ROOT/scripts/generate-schemas.ts" "$ROOT"/crds/*.yaml; echo "$version")
    if [[ -d "$dir" ]] && is_current "schemas-$version" "$stamp"; then continue; fi
    log "generating strict JSON schemas for Kubernetes $version"
    swagger="$(go mod download -json "k8s.io/kubernetes@v$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')/api/openapi-spec/swagger.json"
    [[ -f "$swagger" ]] || die "no OpenAPI document for Kubernetes $version at $swagger"
    rm -rf "$dir"
    (cd "$ROOT" && node --require ts-node/register/transpile-only scripts/generate-schemas.ts "$swagger" crds "$dir" >/dev/null)
    mark_current "schemas-$version" "$stamp"
  done
}

# A virtual environment from a frozen requirements file.
python_venv() {
  local name=$1 venv=$2 requirements=$3
  local stamp
  stamp=$(fingerprint "$requirements")
  if [[ -x "$venv/bin/python" ]] && is_current "venv-$name" "$stamp"; then return; fi
  log "creating the $name virtual environment in ${venv#"$ROOT"/} (pinned in ${requirements#"$ROOT"/})"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
  mark_current "venv-$name" "$stamp"
}

main() {
  require_command go "install Go 1.26 or newer (https://go.dev/doc/install)"
  require_command node "install Node.js 20"
  require_command python3 "install Python 3.11"
  [[ -d "$ROOT/node_modules" ]] || die "run npm ci first"
  mkdir -p "$TOOLS/bin"
  install_debian_packages
  build_go_tool kubeconform
  build_go_tool kubeseal
  build_go_tool promtool
  build_go_tool kind-config-check
  build_go_tool pod-security-check
  build_go_tool statsd-exporter
  build_go_tool amtool
  generate_schemas
  python_venv checkov "$TOOLS/checkov" "$ROOT/tools/checkov/requirements.txt"
  if [[ -f "$ROOT/dags/requirements-dev.txt" ]]; then
    python_venv airflow "$ROOT/.venv" "$ROOT/dags/requirements-dev.txt"
  fi
  log "all tools in place"
}

main "$@"
