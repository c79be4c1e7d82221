#!/usr/bin/env bash
# Installs what Stoker needs on a Debian host (the engine, debootstrap for local base images, the OCI
# registry and htpasswd the registry tests run (deploy/registry.sh), PostgreSQL for the shared record store and its
# tests (deploy/postgres.sh), and benchmark tools) and makes sure
# the Docker engine is running. Idempotent; run as root.
set -euo pipefail

PACKAGES=(docker.io debootstrap wrk nginx-light docker-registry apache2-utils postgresql)

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
    # docker-registry's package starts a registry of its own on port 5000 of every interface; Stoker starts
    # its registries itself (deploy/registry.sh, loopback only), so no service may start during the install.
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# written by deploy/install-prereqs.sh for the length of an install\nexit 101\n' \
            >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        own_policy=yes
    fi
    status=0
    apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
    [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
    [ "$status" -eq 0 ] || die "apt-get install ${missing[*]} failed; check the apt sources and network, then run me again"
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
