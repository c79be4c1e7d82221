#!/bin/sh
# Dependency stage of the node template: installs the production dependencies of the function's
# package.json into /deps/node_modules (left empty without one, so the run stage's COPY finds it).
# npm's own output, errors included, is the build's output.
set -eu
cd /deps
mkdir -p node_modules
if [ ! -f package.json ]; then
    echo "stoker: no package.json: no dependencies to install"
    exit 0
fi
# No version nag, funding lines or audit round trip in a build.
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then
    echo "stoker: npm ci --omit=dev"
    npm ci --omit=dev
else
    echo "stoker: npm install --omit=dev (no package-lock.json: versions are resolved now)"
    npm install --omit=dev
fi
rm -rf "$HOME/.npm"
# npm ci may leave no node_modules when there is nothing to install; the run stage copies it.
mkdir -p node_modules
echo "stoker: node_modules holds $(ls node_modules | wc -l) top-level entr(ies)"
