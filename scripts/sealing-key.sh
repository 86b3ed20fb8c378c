#!/usr/bin/env bash
# Sealing key pairs of the sealed-secrets controller: create one, install it into a cluster before the
# controller starts, back the cluster's keys up and restore them. See docs/runbooks/credential-rotation.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/command-plan.sh
source "$ROOT/scripts/lib/command-plan.sh"
KEY_LABEL=sealedsecrets.bitnami.com/sealed-secrets-key

usage() {
  cat <<'EOF'
Usage: scripts/sealing-key.sh <command> [options]

Commands
  create    Create a sealing key pair in --dir: tls.key (RSA 4096, private, mode 0600) and tls.crt
            (self-signed certificate; seal with it: npm run seal -- --cert <dir>/tls.crt ...).
  install   Install the pair of --dir into the cluster as a sealing key: a kubernetes.io/tls Secret
            --name in --namespace, labelled sealedsecrets.bitnami.com/sealed-secrets-key=active.
            Run it after the namespace exists and before the controller starts (the controller loads
            its keys at start); when the controller already runs, it is restarted to load the key.
            Idempotent. Checks first that tls.key matches tls.crt, that the certificate has not
            expired, and warns when no sealed file under --secrets-dir was sealed for it.
  backup    Write every sealing key Secret of the cluster (active and old) to --out, mode 0600.
            The file holds private keys: keep it offline, never in git.
  restore   Apply a file written by backup and restart the controller so it loads the keys.

Options
  --dir DIR              key pair folder                      (default: .secrets/sealing-key)
  --days N               create: certificate validity in days (default: 3650)
  --force                create: replace an existing pair; the old one moves to DIR/replaced-<time>/
  --namespace NS         the controller's namespace           (default: kube-system)
  --controller-name N    the controller's Deployment          (default: sealed-secrets-controller)
  --name NAME            install: the key Secret's name       (default: sealed-secrets-key-installed)
  --secrets-dir DIR      install: committed sealed files      (default: secrets)
  --context CTX          kubectl context                      (default: the current one)
  --out FILE             backup: where to write               (default: .secrets/sealing-keys-backup-<UTC time>.yaml)
  --from FILE            restore: the backup to apply
  --dry-run              print the commands in the order they would run; run nothing
  -h, --help             this text

Interface for scripts/deploy.sh (stable): after applying the cluster chart (namespaces, CRDs) and before
the controller's chart, run
  scripts/sealing-key.sh install [--dir DIR] [--context CTX] [--dry-run]
It exits 0 when the key is installed (or, under --dry-run, after printing the plan; a missing key pair
is then only a warning on stderr), 1 on an error (e.g. no key pair: run npm run secrets:bootstrap), and
2 on bad usage. Under --dry-run, stdout holds only the commands, one per line.
EOF
}

COMMAND=${1:-}
[[ -n $COMMAND ]] || { usage >&2; exit 2; }
shift
case $COMMAND in
  -h | --help) usage; exit 0 ;;
  create | install | backup | restore) ;;
  *) bad_usage "unknown command \"$COMMAND\"" ;;
esac

DIR=.secrets/sealing-key
DAYS=3650
FORCE=false
NAMESPACE=kube-system
CONTROLLER=sealed-secrets-controller
NAME=sealed-secrets-key-installed
SECRETS_DIR=secrets
CONTEXT=
OUT=
FROM=
DRY_RUN=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) DIR=${2:?--dir needs a folder}; shift 2 ;;
    --days) DAYS=${2:?--days needs a number}; shift 2 ;;
    --force) FORCE=true; shift ;;
    --namespace) NAMESPACE=${2:?--namespace needs a name}; shift 2 ;;
    --controller-name) CONTROLLER=${2:?--controller-name needs a name}; shift 2 ;;
    --name) NAME=${2:?--name needs a name}; shift 2 ;;
    --secrets-dir) SECRETS_DIR=${2:?--secrets-dir needs a folder}; shift 2 ;;
    --context) CONTEXT=${2:?--context needs a name}; shift 2 ;;
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --from) FROM=${2:?--from needs a file}; shift 2 ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown option \"$1\"" ;;
  esac
done
[[ $DAYS =~ ^[1-9][0-9]*$ ]] || bad_usage "--days must be a positive number of days, not \"$DAYS\""

cd "$ROOT"
CERT="$DIR/tls.crt"
KEY="$DIR/tls.key"
KUBECTL="kubectl$(context_flag "$CONTEXT")"
KUBECTL_NS="$KUBECTL -n $(quote "$NAMESPACE")"

fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2; }

# Restarts the controller when it runs already (a controller starting later loads the keys by itself).
restart_controller_if_running() {
  local deployment
  deployment="deployment/$(quote "$CONTROLLER")"
  step "if $KUBECTL_NS get $deployment >/dev/null 2>&1; then $KUBECTL_NS rollout restart $deployment && $KUBECTL_NS rollout status $deployment --timeout=300s; fi"
}

create() {
  if [[ -e $KEY || -e $CERT ]]; then
    [[ $FORCE == true ]] || die "$DIR already holds a key pair; pass --force to replace it (the old pair is kept in $DIR/replaced-<time>/)"
    local kept
    kept="$DIR/replaced-$(date -u +%Y%m%dT%H%M%SZ)"
    step "mkdir -p $(quote "$kept") && mv $(quote "$KEY") $(quote "$CERT") $(quote "$kept")/"
  fi
  step "mkdir -p -m 700 $(quote "$DIR")"
  step "(umask 077 && openssl req -x509 -nodes -newkey rsa:4096 -days $DAYS -subj /CN=sealed-secrets/O=pipeline-ops -keyout $(quote "$KEY") -out $(quote "$CERT") 2>/dev/null)"
  if [[ $DRY_RUN == false ]]; then
    info "created $KEY (private: keep it out of git) and $CERT, SHA-256 $(fingerprint "$CERT")"
  fi
}

# Local checks before anything reaches the cluster.
check_pair() {
  openssl x509 -in "$CERT" -noout -checkend 0 >/dev/null || die "$CERT has expired; create a new pair (scripts/sealing-key.sh create --force) and re-seal (npm run rotate)"
  local cert_key private_key
  cert_key=$(openssl x509 -in "$CERT" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum)
  private_key=$(openssl pkey -in "$KEY" -pubout -outform DER | sha256sum)
  [[ $cert_key == "$private_key" ]] || die "$KEY is not the private key of $CERT"
  local wanted
  wanted=$(fingerprint "$CERT")
  if grep -rqs --include='*.sealed.yaml' '^kind: SealedSecret' "$SECRETS_DIR" && ! grep -rqsF --include='*.sealed.yaml' "# Sealed for certificate SHA-256 $wanted." "$SECRETS_DIR"; then
    warn "no sealed file in $SECRETS_DIR/ was sealed for $CERT (SHA-256 $wanted); the controller will not unseal them: run npm run rotate -- --cert $CERT"
  fi
}

install() {
  if [[ -f $KEY && -f $CERT ]]; then
    check_pair
  elif [[ $DRY_RUN == true ]]; then
    warn "no key pair in $DIR yet (npm run secrets:bootstrap creates one); printing the plan anyway"
  else
    die "no key pair in $DIR (tls.key and tls.crt); run npm run secrets:bootstrap (or scripts/sealing-key.sh create) first"
  fi
  # Server-side apply: idempotent, and no last-applied annotation repeating the private key.
  step "$KUBECTL_NS create secret tls $(quote "$NAME") --cert=$(quote "$CERT") --key=$(quote "$KEY") --dry-run=client -o yaml | $KUBECTL apply --server-side --field-manager=pipeline-ops -f -"
  step "$KUBECTL_NS label secret $(quote "$NAME") $KEY_LABEL=active app.kubernetes.io/part-of=pipeline-ops --overwrite"
  restart_controller_if_running
}

backup() {
  local out=${OUT:-.secrets/sealing-keys-backup-$(date -u +%Y%m%dT%H%M%SZ).yaml}
  step "mkdir -p -m 700 $(quote "$(dirname "$out")")"
  step "(umask 077 && $KUBECTL_NS get secret -l $KEY_LABEL -o yaml > $(quote "$out"))"
  if [[ $DRY_RUN == false ]]; then
    info "wrote $(grep -c "$KEY_LABEL" "$out") sealing key(s) to $out; move it offline (it holds private keys)"
  fi
}

restore() {
  [[ -n $FROM ]] || bad_usage "restore needs --from FILE (a file written by scripts/sealing-key.sh backup)"
  [[ $DRY_RUN == true || -f $FROM ]] || die "$FROM does not exist"
  step "$KUBECTL apply -f $(quote "$FROM")"
  restart_controller_if_running
}

"$COMMAND"
