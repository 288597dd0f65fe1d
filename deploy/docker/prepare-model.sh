#!/bin/sh
# The init container of a worker pod: puts the pool's model on the model volume and points SIEVE_MODEL_DIR, a
# symlink, at it. The worker's SIEVE_MODEL_DIR has to be written into the pod before the pull has asked the hub
# which commit it gets, and the store keeps each commit in a folder of its own (<store>/<name>/<commit>/).
#
# Environment:
#   SIEVE_MODEL_DIR              the link to create, directly inside the model store, e.g. /models/sentiment.serving
#   SIEVE_MODEL_SOURCE           pull (default) or synth
#   SIEVE_PULL_MODEL             pull: a catalog name or an org/repo ONNX export
#   SIEVE_PULL_DTYPE             pull: fp32, int8 or all (optional)
#   SIEVE_PULL_REVISION          pull: branch, tag or full commit (optional)
#   SIEVE_PULL_TIMEOUT_SECONDS   pull: bound on each hub response and stalled download (optional)
#   HF_ENDPOINT, HF_TOKEN        pull: read by `sieve models pull` itself
#   SIEVE_SYNTH_PRESET           synth: the preset of `sieve models synth` (e.g. tiny)
#   SIEVE_CLI_DIR                the deployed sieve CLI (default /app/cli)
set -eu

fail() {
  echo "prepare-model: $*" >&2
  exit 1
}

link=${SIEVE_MODEL_DIR:?SIEVE_MODEL_DIR is required: the model directory (a link) the worker will serve}
store=$(dirname "$link")
cli_dir=${SIEVE_CLI_DIR:-/app/cli}
mkdir -p "$store"

# The folder the hub store files a model under (a catalog name, an alias's catalog name, or org--repo), asked of
# @sieve/hub itself so that the rule is never restated here.
hub_folder() {
  (cd "$cli_dir" && node --import tsx --input-type=module \
    -e 'const { resolveModelSource } = await import("@sieve/hub"); console.log(resolveModelSource(process.argv[1]).name);' \
    "$1")
}

# The most recently completed pull under a model folder: the commit later pulls stay on. A folder is complete
# once its manifest.json exists (written last); links and half-finished .partial folders are not pulls.
newest_version() {
  newest=''
  for manifest in "$1"/*/manifest.json; do
    [ -f "$manifest" ] || continue
    dir=${manifest%/manifest.json}
    case "$dir" in *.partial) continue ;; esac
    [ -L "$dir" ] && continue
    if [ -z "$newest" ] || [ -n "$(find "$manifest" -newer "$newest/manifest.json")" ]; then newest=$dir; fi
  done
  [ -n "$newest" ] || fail "no completed pull under $1"
  basename "$newest"
}

case "${SIEVE_MODEL_SOURCE:-pull}" in
  pull)
    model=${SIEVE_PULL_MODEL:?SIEVE_PULL_MODEL is required with SIEVE_MODEL_SOURCE=pull}
    revision=${SIEVE_PULL_REVISION:-}
    set -- models pull "$model" --dir "$store"
    if [ -n "${SIEVE_PULL_DTYPE:-}" ]; then set -- "$@" --dtype "$SIEVE_PULL_DTYPE"; fi
    if [ -n "$revision" ]; then set -- "$@" --revision "$revision"; fi
    if [ -n "${SIEVE_PULL_TIMEOUT_SECONDS:-}" ]; then set -- "$@" --timeout "$SIEVE_PULL_TIMEOUT_SECONDS"; fi
    node "$cli_dir/bin/sieve.js" "$@"
    folder=$(hub_folder "$model")
    if printf '%s' "$revision" | grep -Eq '^[0-9a-fA-F]{40}$'; then
      # A pinned commit names its folder (the store keeps its first 12 digits), whatever else the store holds.
      version=$(printf '%.12s' "$revision" | tr 'A-F' 'a-f')
    else
      version=$(newest_version "$store/$folder")
    fi
    ;;
  synth)
    preset=${SIEVE_SYNTH_PRESET:?SIEVE_SYNTH_PRESET is required with SIEVE_MODEL_SOURCE=synth}
    folder=synthetic
    version=$preset
    node "$cli_dir/bin/sieve.js" models synth --preset "$preset" --out "$store/$folder/$version"
    ;;
  *)
    fail "SIEVE_MODEL_SOURCE must be pull or synth, not \"$SIEVE_MODEL_SOURCE\""
    ;;
esac

target="$folder/$version"
[ -f "$store/$target/config.json" ] || fail "$store/$target has no config.json"
# Replaced by a rename, so that a worker sharing the volume never sees the link missing.
ln -s "$target" "$link.tmp.$$"
mv -f -T "$link.tmp.$$" "$link"
echo "prepare-model: $link -> $target"
