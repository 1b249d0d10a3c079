#!/usr/bin/env bash
# Builds the backend as the production image does, without a container
# engine: the steps of packages/backend/Dockerfile, in a folder.
#
#   build-image.sh <image-dir>
#
# 1. `backstage-cli package build` (yarn workspace backend build): the bundle
#    and the skeleton (the packages' package.json files), with the built app
#    (packages/app/dist, which must exist: yarn workspace app build).
# 2. In <image-dir>: Yarn, the lockfile and the skeleton, then
#    `yarn workspaces focus --all --production` (NODE_ENV=production) as the
#    Dockerfile runs it. The production node_modules is reused while the
#    lockfile and the skeleton are unchanged (marker: <image-dir>/.deps-key).
# 3. The catalog files, templates and both config files the image copies,
#    then the bundle unpacked over the skeleton.
#
# The result starts as the image's CMD does:
#   cd <image-dir> && NODE_ENV=production node packages/backend \
#     --config app-config.yaml --config app-config.production.yaml
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE="${1:?usage: build-image.sh <image-dir>}"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

[ -f packages/app/dist/index.html ] || {
  echo "build-image: packages/app/dist is missing: run yarn workspace app build first" >&2
  exit 1
}
# One build at a time per checkout: the bundle is built in packages/backend/dist,
# which a concurrent build (make rehearse beside make test) would replace.
mkdir -p "$ROOT/.runway"
exec 9>"$ROOT/.runway/build-image.lock"
flock 9
yarn workspace backend build >&2

mkdir -p "$IMAGE"
key="$(cat yarn.lock .yarnrc.yml package.json | sha256sum | cut -c1-16)-$(tar xzOf packages/backend/dist/skeleton.tar.gz | sha256sum | cut -c1-16)"
if [ "$(cat "$IMAGE/.deps-key" 2>/dev/null)" != "$key" ]; then
  echo "build-image: production dependencies (yarn workspaces focus --all --production)" >&2
  rm -rf "$IMAGE"
  mkdir -p "$IMAGE"
  # COPY .yarn, the Yarn files and the skeleton; RUN tar; RUN yarn workspaces focus
  cp -r .yarn/releases "$IMAGE/" && mkdir -p "$IMAGE/.yarn" && mv "$IMAGE/releases" "$IMAGE/.yarn/"
  cp .yarnrc.yml backstage.json yarn.lock package.json "$IMAGE/"
  tar xzf packages/backend/dist/skeleton.tar.gz -C "$IMAGE"
  (cd "$IMAGE" && NODE_ENV=production yarn workspaces focus --all --production >&2)
  echo "$key" > "$IMAGE/.deps-key"
fi

# COPY catalog, templates and configs; ADD bundle; RUN tar xzf bundle.tar.gz
rm -rf "$IMAGE/catalog" "$IMAGE/templates"
cp -r catalog "$IMAGE/catalog"
cp catalog-info.yaml app-config.yaml app-config.production.yaml "$IMAGE/"
mkdir -p "$IMAGE/templates"
for t in new-adr new-runbook-section microservice; do cp -r "templates/$t" "$IMAGE/templates/$t"; done
tar xzf packages/backend/dist/bundle.tar.gz -C "$IMAGE"
echo "$IMAGE"
