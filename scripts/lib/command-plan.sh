#!/usr/bin/env bash
# Shared helpers of the sealing scripts (fetch-cert.sh, sealing-key.sh). Source it. Messages start with
# the calling script's name; step() reads DRY_RUN (true/false), which the calling script sets.

SCRIPT_NAME=$(basename "$0")

die() { echo "$SCRIPT_NAME: error: $*" >&2; exit 1; }
warn() { echo "$SCRIPT_NAME: warning: $*" >&2; }
info() { echo "$SCRIPT_NAME: $*" >&2; }
bad_usage() { echo "$SCRIPT_NAME: $*" >&2; echo "Run scripts/$SCRIPT_NAME --help for usage." >&2; exit 2; }

# One command line: printed under --dry-run, run otherwise. Lines are assembled with quote(), so eval
# sees exactly the words intended (and a dry run prints what would run, pipes and redirections included).
step() {
  if [[ ${DRY_RUN:-false} == true ]]; then
    printf '%s\n' "$1"
  else
    eval "$1"
  fi
}
quote() { printf '%q' "$1"; }

# " --context <ctx>" for kubectl and kubeseal when a context was given, nothing otherwise.
context_flag() {
  if [[ -n $1 ]]; then
    printf ' --context %s' "$(quote "$1")"
  fi
}
