#!/usr/bin/env bash
# Builds Stoker's local base images without any image registry: debootstrap a minimal Debian
# bookworm once (cached), then for each image copy that tree, apt-get install its packages in a
# chroot, and `docker import` the result. Builds only images that are missing; --force rebuilds.
# Run as root. Cache: $STOKER_CACHE (default /var/cache/stoker).
#
# Every image carries the label stoker.recipe, a hash of what it was built from (its line below,
# RECIPE_REV, and the host's extra CA certificates). An image whose label differs is rebuilt,
# so a changed recipe reaches machines that already have the old image. An image without the label
# was built before labels existed, from the recipe of its time: it is kept (--force rebuilds it);
# bump RECIPE_REV when build_image itself changes what goes into every image.
#
# Usage: base-images.sh [--force] [TAG...]   (no TAG: all of them)
#
# Certificates the host added to its own trust store (/usr/local/share/ca-certificates, e.g. a
# company's TLS-inspecting proxy) are added to images that carry ca-certificates, so builds that
# fetch over TLS (Maven in stoker/java-build) work from where the host works. STOKER_HOST_CAS=0
# leaves them out.
set -euo pipefail

FORCE=0
ONLY=()
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=1 ;;
        -*) echo "usage: $0 [--force] [TAG...]" >&2; exit 2 ;;
        *) ONLY+=("$arg") ;;
    esac
done

CACHE="${STOKER_CACHE:-/var/cache/stoker}"
SUITE=bookworm
MINBASE="$CACHE/rootfs-$SUITE-minbase"
PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

RECIPE_REV=1

# tag | packages (empty: minbase only) | extra ENV for `docker import --change`
# The *-build images are the build stages of the templates: they fetch dependencies (Maven, npm,
# pip) and so carry ca-certificates and the host's own CAs; the run images stay small (no npm, no
# pip). Debian's node and pip read the system bundle (which then holds the host's CAs);
# NODE_EXTRA_CA_CERTS names it as well, for a node that would otherwise keep to its own CA list.
IMAGES=(
    "stoker/base:bookworm||"
    "stoker/java-build:17|openjdk-17-jdk-headless maven|JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"
    "stoker/java:17|openjdk-17-jre-headless|JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"
    "stoker/node:bookworm|nodejs|"
    "stoker/node-build:bookworm|nodejs npm ca-certificates|NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"
    "stoker/python:bookworm|python3|"
    "stoker/python-build:bookworm|python3 python3-pip ca-certificates|"
    "stoker/nginx:bookworm|nginx-light|"
)

say() { echo "base-images: $*"; }
die() { echo "base-images: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (debootstrap and chroot need it)"
command -v debootstrap >/dev/null || die "debootstrap is missing: run deploy/install-prereqs.sh first"
docker info >/dev/null 2>&1 || die "the docker engine does not answer: run deploy/install-prereqs.sh first"

# The Debian mirror the host itself uses (deb822 .sources or one-line .list), so no host name is
# written down here.
host_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v suite="$SUITE" '
            BEGIN { RS=""; FS="\n" }
            {
                uris=""; ok=0; deb=0
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uris=u[1] }
                    if ($i ~ /^Suites:/ && (" " $i " ") ~ (" " suite " ")) ok=1
                    if ($i ~ /^Types:/ && $i ~ /deb( |$)/) deb=1
                    if ($i ~ /^Enabled:[ \t]*no/) ok=0
                }
                if (ok && deb && uris != "") { print uris; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk -v suite="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                                             if ($(i+1) == suite) { print $i; exit } }' "$f"
    done
}
MIRROR="$(host_mirror | head -n1)"
[ -n "$MIRROR" ] || die "found no '$SUITE' Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"

for want in "${ONLY[@]}"; do
    printf '%s\n' "${IMAGES[@]}" | cut -d'|' -f1 | grep -qxF "$want" || die "unknown image '$want'"
done

START=$(date +%s)
mkdir -p "$CACHE"

MINBASE_FRESH=0
ensure_minbase() {
    if [ -f "$MINBASE/.stoker-complete" ] && { [ "$FORCE" -eq 0 ] || [ "$MINBASE_FRESH" -eq 1 ]; }; then
        return
    fi
    say "debootstrap --variant=minbase $SUITE from the host's mirror (about 30 s)..."
    rm -rf "$MINBASE"
    debootstrap --variant=minbase "$SUITE" "$MINBASE" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
        || die "debootstrap failed; see $CACHE/debootstrap.log"
    chroot "$MINBASE" apt-get clean
    touch "$MINBASE/.stoker-complete"
    MINBASE_FRESH=1
}

MOUNTED=""
cleanup() {
    if [ -n "$MOUNTED" ]; then
        umount -l "$MOUNTED" 2>/dev/null || true
        MOUNTED=""
    fi
}
trap cleanup EXIT INT TERM

# The CA certificates build_image would add, as "name digest" lines (empty when left out).
host_cas() {
    [ "${STOKER_HOST_CAS:-1}" = "1" ] || return 0
    ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1 || return 0
    (cd /usr/local/share/ca-certificates && sha256sum ./*.crt)
}
HOST_CAS="$(host_cas)"

# What an image is built from, as a short hash (the stoker.recipe label).
recipe() {
    printf '%s\n' "rev $RECIPE_REV" "$SUITE" "$1" "$HOST_CAS" | sha256sum | cut -c1-16
}

build_image() {
    local tag="$1" pkgs="$2" env="$3" entry="$4"
    local dir="$CACHE/work-$(echo "$tag" | tr '/:' '__')"
    local t0; t0=$(date +%s)
    say "building $tag${pkgs:+ (packages: $pkgs)}..."
    rm -rf "$dir"
    cp -a "$MINBASE" "$dir"
    rm -f "$dir/.stoker-complete"
    if [ -n "$pkgs" ]; then
        cp /etc/resolv.conf "$dir/etc/resolv.conf"
        # Some maintainer scripts (the JDK's) read /proc.
        mount -t proc proc "$dir/proc"
        MOUNTED="$dir/proc"
        chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$dir.log" 2>&1 \
            || die "apt-get update in the chroot failed; see $dir.log"
        # shellcheck disable=SC2086
        chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends $pkgs >>"$dir.log" 2>&1 \
            || die "apt-get install $pkgs failed; see $dir.log"
        if [ "${STOKER_HOST_CAS:-1}" = "1" ] && [ -x "$dir/usr/sbin/update-ca-certificates" ] \
            && ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
            say "  adding the host's own CA certificates: $(cd /usr/local/share/ca-certificates && ls ./*.crt | tr '\n' ' ')"
            cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
            chroot "$dir" update-ca-certificates >>"$dir.log" 2>&1 || die "update-ca-certificates failed; see $dir.log"
        fi
        chroot "$dir" apt-get clean
        umount "$dir/proc"
        MOUNTED=""
        : >"$dir/etc/resolv.conf"
    fi
    # Keep the images small: no package lists, caches, docs or man pages.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
        "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/log/*.log \
        "$dir"/var/log/apt/* "$dir"/tmp/*
    local changes=(--change "ENV $PATH_ENV" --change "ENV LANG=C.UTF-8" --change 'CMD ["/bin/bash"]'
        --change "LABEL stoker.recipe=$(recipe "$entry")")
    [ -n "$env" ] && changes+=(--change "ENV $env")
    tar --numeric-owner -C "$dir" -c . | docker import "${changes[@]}" \
        --message "stoker local base image ($SUITE minbase${pkgs:+ + $pkgs})" - "$tag" >/dev/null \
        || die "docker import of $tag failed"
    rm -rf "$dir" "$dir.log"
    say "built $tag in $(( $(date +%s) - t0 )) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

built=0
for entry in "${IMAGES[@]}"; do
    IFS='|' read -r tag pkgs env <<<"$entry"
    if [ "${#ONLY[@]}" -gt 0 ] && ! printf '%s\n' "${ONLY[@]}" | grep -qxF "$tag"; then
        continue
    fi
    if [ "$FORCE" -eq 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
        have="$(docker image inspect -f '{{index .Config.Labels "stoker.recipe"}}' "$tag" 2>/dev/null || true)"
        if [ -z "$have" ] || [ "$have" = "<no value>" ]; then
            say "$tag exists (built before recipe labels; use --force to rebuild)"
            continue
        elif [ "$have" = "$(recipe "$entry")" ]; then
            say "$tag exists and is up to date (use --force to rebuild)"
            continue
        fi
        say "$tag exists but was built from another recipe (or other host CAs): rebuilding"
    fi
    ensure_minbase
    build_image "$tag" "$pkgs" "$env" "$entry"
    built=$((built + 1))
done

say "done: $built image(s) built in $(( $(date +%s) - START )) s"
