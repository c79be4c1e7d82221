#!/usr/bin/env bash
# Installs what Stoker needs on a Debian host (the engine, debootstrap for local base images, and
# benchmark tools) and makes sure the Docker engine is running. Idempotent; run as root.
set -euo pipefail

PACKAGES=(docker.io debootstrap wrk nginx-light)

say() { echo "install-prereqs: $*"; }
die() { echo "install-prereqs: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (sudo $0)"
command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian/Ubuntu; install ${PACKAGES[*]} by hand"

missing=()
for p in "${PACKAGES[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        say "$p already installed"
    else
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed; check the apt sources and network, then run me again"
fi

if docker info >/dev/null 2>&1; then
    say "docker engine is running"
    exit 0
fi

if [ "$(cat /proc/1/comm 2>/dev/null)" = "systemd" ]; then
    say "starting docker with systemctl"
    systemctl start docker || die "systemctl start docker failed; see 'journalctl -u docker'"
else
    # No init system here (a container or a CI sandbox): run the daemon in the background.
    say "starting dockerd in the background (log: /var/log/stoker-dockerd.log)"
    nohup dockerd >/var/log/stoker-dockerd.log 2>&1 &
fi

for _ in $(seq 1 30); do
    if docker info >/dev/null 2>&1; then
        say "docker engine is up"
        exit 0
    fi
    sleep 1
done
die "the docker engine did not answer within 30 s; see /var/log/stoker-dockerd.log (or 'journalctl -u docker'), fix it, then run me again"
