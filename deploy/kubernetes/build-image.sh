#!/usr/bin/env bash
# Builds the gateway image for a cluster: packages the gateway, then builds deploy/kubernetes/Dockerfile on the
# local base image. Usage: deploy/kubernetes/build-image.sh [TAG] (default stoker/gateway:0.1.0, the tag the
# kustomize base names). Push it to your cluster's registry yourself (docker tag, docker push).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TAG="${1:-stoker/gateway:0.1.0}"
cd "$ROOT"
mvn -B -ntp -q package -pl gateway -am -DskipTests
docker build -f deploy/kubernetes/Dockerfile -t "$TAG" gateway/target/quarkus-app
echo "built $TAG"
