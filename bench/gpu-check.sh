#!/bin/sh
# The GPU check, one command on a Linux x64 machine with an NVIDIA GPU and the portable archive (no Node, no package
# manager, no network needed): synthesizes the full-size model (fp32, int8, fp16), runs the benchmark's ceiling on
# the WebGPU provider (fp32, fp16) and the CPU provider (fp32, int8) over the realistic corpus, compares every run's
# answers with CPU fp32's, times PyTorch fp16 on the same shapes where torch is installed, and writes
# bench/results/gpu-check.json and gpu-check.md. docs/benchmarks.md#gpu-check says how to run it.
set -eu

usage() {
  cat <<'EOF'
Usage: bench/gpu-check.sh [options]

  --sieve DIR       the unpacked portable archive (default: unpack dist/portable/sieve-*-linux-x64.tar.xz)
  --texts FILE      JSON-lines corpus (default: $SIEVE_SHARED_DATA or ../shared/data, sentiment-multilingual-test.jsonl)
  --tokenizer FILE  bert-base-multilingual-cased tokenizer.json (default: beside the corpus's shared data)
  --out-dir DIR     where gpu-check.json and gpu-check.md go (default: bench/results)
  --python CMD      the Python that may have torch (default: python3)
  --quick           the tiny synthetic model and 4 texts: a smoke run of the check (SwiftShader in CI)
EOF
}

die() {
  printf 'gpu-check: %s\n' "$1" >&2
  exit 2
}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
shared=${SIEVE_SHARED_DATA:-$root/../shared/data}
sieve_dir=
texts=$shared/sentiment-multilingual-test.jsonl
tokenizer=$shared/bert-base-multilingual-cased.tokenizer.json
out_dir=$root/bench/results
python=python3
quick=false
while [ $# -gt 0 ]; do
  case $1 in
    --sieve) sieve_dir=${2:?--sieve DIR}; shift 2 ;;
    --texts) texts=${2:?--texts FILE}; shift 2 ;;
    --tokenizer) tokenizer=${2:?--tokenizer FILE}; shift 2 ;;
    --out-dir) out_dir=${2:?--out-dir DIR}; shift 2 ;;
    --python) python=${2:?--python CMD}; shift 2 ;;
    --quick) quick=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[ -f "$texts" ] || die "no corpus at $texts (--texts FILE)"

work=$(mktemp -d "${TMPDIR:-/tmp}/sieve-gpu-check.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/runs"

if [ -z "$sieve_dir" ]; then
  archive=
  for candidate in "$root"/dist/portable/sieve-*-linux-x64.tar.xz; do
    [ -f "$candidate" ] && archive=$candidate
  done
  [ -n "$archive" ] || die "no archive in dist/portable (pnpm build:portable) and no --sieve DIR"
  printf 'gpu-check: unpacking %s\n' "$archive" >&2
  tar -xJf "$archive" -C "$work"
  for candidate in "$work"/sieve-*-linux-x64; do sieve_dir=$candidate; done
fi
if [ ! -x "$sieve_dir/sieve" ] || [ ! -x "$sieve_dir/node/bin/node" ]; then
  die "$sieve_dir is not an unpacked portable archive"
fi

# Dawn's Vulkan wants a runtime directory of its own; a login session has one, a bare ssh command may not.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  XDG_RUNTIME_DIR=$work/xdg
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  export XDG_RUNTIME_DIR
fi

if [ "$quick" = true ]; then
  preset=tiny
  # SwiftShader compiles WebGPU's shaders for every new shape on the CPU: few texts, two batch sizes.
  set -- --count 4 --batch-sizes 2,4 --latency-texts 1
  batch_sizes=2,4
else
  preset=distilbert-multilingual
  [ -f "$tokenizer" ] || die "no tokenizer at $tokenizer (--tokenizer FILE): the full-size model needs it"
  # GPU batches go far past the CPU's best (4-16): up to 64 texts per call.
  set -- --count 512 --batch-sizes 1,8,32,64 --latency-texts 100
  batch_sizes=1,8,32,64
fi

printf 'gpu-check: synthesizing the %s model (fp32, int8, fp16)\n' "$preset" >&2
if [ "$quick" = true ]; then
  "$sieve_dir/sieve" models synth --preset "$preset" --int8 --fp16 --no-progress --out "$work/model" >&2
else
  "$sieve_dir/sieve" models synth --preset "$preset" --int8 --fp16 --no-progress --out "$work/model" \
    --tokenizer "$tokenizer" >&2
fi

# NAME:PROVIDER:DTYPE; the first is the reference the others' answers are compared with.
runs='cpu-fp32:cpu:fp32 cpu-int8:cpu:int8 webgpu-fp32:webgpu:fp32 webgpu-fp16:webgpu:fp16'
run_args=
for spec in $runs; do
  name=${spec%%:*}
  rest=${spec#*:}
  provider=${rest%%:*}
  dtype=${rest#*:}
  printf 'gpu-check: ceiling %s (provider %s, dtype %s)\n' "$name" "$provider" "$dtype" >&2
  # A run that fails (fp16 on an adapter without shader-f16, say) is reported, not fatal.
  if ! "$sieve_dir/sieve-ceiling" --model "$work/model" --texts "$texts" --dtype "$dtype" --providers "$provider" \
    --layouts 1 --scores "$@" --out "$work/runs/$name.json" >/dev/null 2>"$work/runs/$name.log"; then
    rm -f "$work/runs/$name.json"
    printf 'gpu-check: %s failed (its cause is in the report)\n' "$name" >&2
  fi
  run_args="$run_args --run $spec"
done

anchor=$work/runs/anchor.json
if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import torch' >/dev/null 2>&1; then
  printf 'gpu-check: PyTorch fp16 anchor\n' >&2
  if [ -f "$work/runs/cpu-fp32.json" ]; then
    "$python" "$here/gpu-anchor.py" --config "$work/model/config.json" --ceiling "$work/runs/cpu-fp32.json" \
      --batch-sizes "$batch_sizes" --out "$anchor" ||
      printf '{"measured": false, "reason": "bench/gpu-anchor.py failed"}\n' >"$anchor"
  else
    printf '{"measured": false, "reason": "no CPU fp32 run to take the batch shapes from"}\n' >"$anchor"
  fi
else
  printf '{"measured": false, "reason": "PyTorch is not installed here (%s cannot import torch)"}\n' "$python" \
    >"$anchor"
fi

gpu=
if command -v nvidia-smi >/dev/null 2>&1; then
  gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -n 1) || gpu=
fi
mode=full
[ "$quick" = true ] && mode=quick
# shellcheck disable=SC2086 # run_args is a list of words made above, none with spaces
"$sieve_dir/node/bin/node" --conditions=compiled "$sieve_dir/bench/dist/gpu-check-command.js" \
  --runs-dir "$work/runs" $run_args --reference cpu-fp32 --mode "$mode" --preset "$preset" \
  --corpus "$(basename -- "$texts")" --anchor "$anchor" --gpu "$gpu" --out-dir "$out_dir"
printf 'gpu-check: wrote %s/gpu-check.json and gpu-check.md\n' "$out_dir" >&2
