#!/bin/sh
# Dependency stage of the python template: installs the function's requirements.txt into
# /app/packages (left empty without one, so the run stage's COPY finds it), the folder the run
# image puts on PYTHONPATH. pip's own output, errors included, is the build's output.
set -eu
mkdir -p /app/packages
cd /function
if [ ! -f requirements.txt ]; then
    echo "stoker: no requirements.txt: no dependencies to install"
    exit 0
fi
echo "stoker: pip install --target /app/packages -r requirements.txt"
# (pip runs as root in a throw-away build stage: its warning about that is noise here.)
# --target installs beside nothing else (Debian's "externally managed" rule is about the system
# environment, which this leaves alone).
PIP_ROOT_USER_ACTION=ignore python3 -m pip install --no-cache-dir --disable-pip-version-check --no-warn-script-location \
    --progress-bar off --target /app/packages -r requirements.txt
# Compiled here, where the files will stay: the run image is read-only, and unchecked-hash .pyc
# files are used whatever the copy does to the sources' times.
python3 -m compileall -q --invalidation-mode unchecked-hash /app/packages >/dev/null || true
echo "stoker: /app/packages holds $(ls /app/packages | wc -l) top-level entr(ies)"
