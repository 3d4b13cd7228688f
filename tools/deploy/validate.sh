#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster:
# docker-compose.yml must interpolate (with stand-in secrets) and refuse to
# run without them; both kustomize overlays must render.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "deploy: installing Debian's docker-compose (config validation only)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

cp "$ROOT/docker-compose.yml" "$ROOT/deploy.env.example" "$work/"
cd "$work"
if docker-compose config -q 2>/dev/null; then
  echo "deploy: docker-compose.yml accepted missing secrets" >&2
  exit 1
fi
sed -E 's/^([A-Z_]+_PASSWORD|[A-Z_]*JWT_SECRET)=$/\1=stand-in-secret-of-at-least-32-characters/' deploy.env.example >.env
docker-compose config -q
echo "deploy: docker-compose.yml is valid and refuses to run without secrets"

if command -v kubectl >/dev/null 2>&1; then
  for overlay in dev production; do
    kubectl kustomize "$ROOT/k8s/overlays/$overlay" >"$work/$overlay.yaml"
    echo "deploy: k8s/overlays/$overlay renders ($(grep -c '^kind:' "$work/$overlay.yaml") objects)"
  done
else
  echo "deploy: kubectl not found; k8s overlays not rendered" >&2
fi
