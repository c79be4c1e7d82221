#!/usr/bin/env bash
# Imports a tiny stand-in image, stoker/test-busybox:latest, from the host's static busybox
# (Debian package busybox-static), for engine tests on machines where deploy/base-images.sh has
# not built stoker/base:bookworm yet. Needs no image registry. Run as root.
set -euo pipefail
TAG="${1:-stoker/test-busybox:latest}"
BUSYBOX="$(command -v busybox || true)"
[ -n "$BUSYBOX" ] && file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' \
    || { echo "make-test-busybox: needs a static busybox: apt-get install busybox-static" >&2; exit 1; }
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/www"
chmod 1777 "$ROOT/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in sh sleep httpd cat echo ls id; do ln -s busybox "$ROOT/bin/$applet"; done
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
tar -C "$ROOT" -c . | docker import --change 'ENV PATH=/bin' - "$TAG" >/dev/null
echo "make-test-busybox: imported $TAG"
