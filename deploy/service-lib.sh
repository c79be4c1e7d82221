# shellcheck shell=bash
# What the scripts of Stoker's named local services share (postgres.sh, registry.sh): their messages, the usage
# error, the NAME rule and stop_process. Sourced after the caller sets SERVICE (the word its messages start with) and
# USAGE (its usage line).
# shellcheck source=stop-process.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/stop-process.sh"

say() { echo "$SERVICE: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
usage() { die "usage: $USAGE"; }

# NAME names a service's folder: one path segment, so it cannot point outside the root
check_name() {
    [[ "$1" =~ ^[a-z0-9][a-z0-9_-]{0,62}$ ]] || die "NAME '$1' must be lower-case letters, digits, '-' or '_'"
}
