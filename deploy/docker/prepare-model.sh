#!/bin/sh
# The init container of a worker pod: puts the pool's model on the model volume and points SIEVE_MODEL_DIR, a
# symlink, at it. The worker's SIEVE_MODEL_DIR has to be written into the pod before the pull has asked the hub
# which commit it gets, and the store keeps each commit in a folder of its own (<store>/<name>/<commit>/).
#
# Environment:
#   SIEVE_MODEL_DIR              the link to create, directly inside the model store, e.g. /models/sentiment.serving
#   SIEVE_MODEL_SOURCE           pull (default) or synth
#   SIEVE_PULL_MODEL             pull: a catalog name or an org/repo ONNX export
#   SIEVE_PULL_DTYPE             pull: fp32, int8, fp16 or all (optional)
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

case "${SIEVE_MODEL_SOURCE:-pull}" in
  pull)
    model=${SIEVE_PULL_MODEL:?SIEVE_PULL_MODEL is required with SIEVE_MODEL_SOURCE=pull}
    revision=${SIEVE_PULL_REVISION:-}
    set -- models pull "$model" --dir "$store"
    if [ -n "${SIEVE_PULL_DTYPE:-}" ]; then set -- "$@" --dtype "$SIEVE_PULL_DTYPE"; fi
    if [ -n "$revision" ]; then set -- "$@" --revision "$revision"; fi
    if [ -n "${SIEVE_PULL_TIMEOUT_SECONDS:-}" ]; then set -- "$@" --timeout "$SIEVE_PULL_TIMEOUT_SECONDS"; fi
    # `models pull` prints the version folder it completed (or found complete), alone on stdout: the rule of where
    # the store files a model stays in @sieve/hub and the CLI, never restated here.
    pulled=$(node "$cli_dir/bin/sieve.js" "$@" --no-progress)
    case "$pulled" in
      "$store"/*/*) target=${pulled#"$store"/} ;;
      *) fail "models pull printed \"$pulled\", not a folder under $store" ;;
    esac
    ;;
  synth)
    preset=${SIEVE_SYNTH_PRESET:?SIEVE_SYNTH_PRESET is required with SIEVE_MODEL_SOURCE=synth}
    target=synthetic/$preset
    node "$cli_dir/bin/sieve.js" models synth --preset "$preset" --out "$store/$target" --no-progress >/dev/null
    ;;
  *)
    fail "SIEVE_MODEL_SOURCE must be pull or synth, not \"$SIEVE_MODEL_SOURCE\""
    ;;
esac

[ -f "$store/$target/config.json" ] || fail "$store/$target has no config.json"
# Replaced by a rename, so that a worker sharing the volume never sees the link missing.
ln -s "$target" "$link.tmp.$$"
mv -f -T "$link.tmp.$$" "$link"
echo "prepare-model: $link -> $target"
