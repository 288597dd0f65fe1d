#!/bin/sh
# Builds one service's self-contained app directory, the same way inside the image build and in the deploy test
# (so that what the test runs is what the image ships). Run from the repository root after `pnpm fetch` or
# `pnpm install`; needs no network (--offline).
#
#   deploy/docker/build-app.sh <gateway|worker|cli> <out-dir>
#
# ONNXRUNTIME_NODE_INSTALL=cuda12 additionally installs onnxruntime-node's CUDA execution provider into the app
# (it is downloaded by onnxruntime-node's own install script, so that step alone needs the network).
set -eu

app=${1:?usage: build-app.sh <gateway|worker|cli> <out-dir>}
out=${2:?usage: build-app.sh <gateway|worker|cli> <out-dir>}
case "$app" in
  gateway | worker | cli) ;;
  *) echo "build-app.sh: unknown app \"$app\" (gateway, worker or cli)" >&2; exit 64 ;;
esac
package="@sieve/$app"

# The services run compiled, `node --conditions=compiled dist/main.js`: no TypeScript loader at run time (it costs
# ~39 MB per V8 isolate, in the main thread and in the worker's inference thread, and a compile cache on disk).
# Every package's exports send the `compiled` condition to its dist/, which pnpm deploy copies with the package.
node scripts/build-dist.mjs

# inject-workspace-packages: copies of our packages instead of links into the repository, which pnpm 10's deploy
# requires. public-hoist-pattern=tsx: the CLI (bin/sieve.js, prepare-model) runs its sources with tsx, which it
# resolves from the app directory, while tsx reaches the app only as a dependency of @sieve/runtime.
ONNXRUNTIME_NODE_INSTALL=skip pnpm --filter "$package" \
  --config.inject-workspace-packages=true \
  --config.public-hoist-pattern=tsx \
  deploy --prod --offline "$out"

if [ "$app" = cli ]; then
  test -e "$out/node_modules/tsx/package.json" || {
    echo "build-app.sh: tsx is missing from $out/node_modules; the CLI could not start" >&2
    exit 1
  }
else
  test -e "$out/dist/main.js" || {
    echo "build-app.sh: $out/dist/main.js is missing; the service could not start" >&2
    exit 1
  }
fi

# @sieve/api loads the .proto files from ../../../proto relative to its sources (the repository root in a
# checkout); in a deployed app that is the node_modules directory holding the copied package.
for api_parent in "$out"/node_modules/.pnpm/@sieve+api@*/node_modules; do
  [ -d "$api_parent/@sieve/api" ] || continue
  rm -rf "$api_parent/proto"
  cp -R proto "$api_parent/proto"
done

# Tests of our packages are not part of an app.
for package_dir in "$out"/node_modules/.pnpm/@sieve+*/node_modules/@sieve/*; do
  rm -rf "$package_dir/test"
done

# onnxruntime-node ships binaries for every platform (~290 MB); an image runs on one.
platform=$(node -p 'process.platform')
arch=$(node -p 'process.arch')
for ort in "$out"/node_modules/.pnpm/onnxruntime-node@*/node_modules/onnxruntime-node; do
  [ -d "$ort/bin/napi-v6" ] || continue
  for platform_dir in "$ort"/bin/napi-v6/*; do
    [ "$(basename "$platform_dir")" = "$platform" ] || rm -rf "$platform_dir"
  done
  for arch_dir in "$ort/bin/napi-v6/$platform"/*; do
    [ "$(basename "$arch_dir")" = "$arch" ] || rm -rf "$arch_dir"
  done
  if [ "${ONNXRUNTIME_NODE_INSTALL:-skip}" = cuda12 ]; then
    # onnxruntime-node's own installer fetches the CUDA 12 provider libraries matching its version.
    (cd "$ort" && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js)
    test -f "$ort/bin/napi-v6/$platform/$arch/libonnxruntime_providers_cuda.so" || {
      echo "build-app.sh: the CUDA execution provider was not installed into $ort" >&2
      exit 1
    }
  fi
done
