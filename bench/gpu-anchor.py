#!/usr/bin/env python3
"""The GPU check's anchor (bench/gpu-check.sh): PyTorch fp16 on a DistilBERT of the same shape as the checked model.

PyTorch cannot load the ONNX graph and transformers may be missing, so this builds the shape itself (embeddings,
N post-LayerNorm encoder blocks, the classifier head of DistilBertForSequenceClassification) with random weights and
times it on the very padded batches the ceiling ran: the token counts of the ceiling's JSON (`tokenCounts`), sorted
by length and cut into batches of each size. What a user would get from PyTorch on this GPU for this workload; not
an answer check (the weights differ).

    gpu-anchor.py --config MODEL/config.json --ceiling CEILING.json --batch-sizes 1,8,32 --out ANCHOR.json

Writes {"measured": false, "reason": ...} where torch or a CUDA device is missing.
"""
import argparse
import json
import math
import sys
import time


def percentile(sorted_ms, p):
    return sorted_ms[min(len(sorted_ms) - 1, max(0, math.ceil(p / 100 * len(sorted_ms)) - 1))]


def summary(ms):
    s = sorted(ms)
    if not s:
        return {"p50": 0, "p95": 0, "p99": 0, "max": 0, "mean": 0}
    return {
        "p50": round(percentile(s, 50), 2),
        "p95": round(percentile(s, 95), 2),
        "p99": round(percentile(s, 99), 2),
        "max": round(s[-1], 2),
        "mean": round(sum(s) / len(s), 2),
    }


def build_model(torch, config):
    nn = torch.nn
    dim, heads = config["dim"], config["n_heads"]

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(dim, dim) for _ in range(4))
            self.ln1 = nn.LayerNorm(dim, eps=1e-12)
            self.ff1 = nn.Linear(dim, config["hidden_dim"])
            self.ff2 = nn.Linear(config["hidden_dim"], dim)
            self.ln2 = nn.LayerNorm(dim, eps=1e-12)

        def forward(self, x, mask):
            b, t, _ = x.shape
            split = lambda y: y.view(b, t, heads, dim // heads).transpose(1, 2)
            attended = nn.functional.scaled_dot_product_attention(
                split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask
            )
            x = self.ln1(x + self.o(attended.transpose(1, 2).reshape(b, t, dim)))
            return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))

    class DistilBertShaped(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding(config["vocab_size"], dim)
            self.positions = nn.Embedding(config["max_position_embeddings"], dim)
            self.ln = nn.LayerNorm(dim, eps=1e-12)
            self.blocks = nn.ModuleList(Block() for _ in range(config["n_layers"]))
            self.pre_classifier = nn.Linear(dim, dim)
            self.classifier = nn.Linear(dim, len(config.get("id2label", {})) or 3)

        def forward(self, ids, attention):
            positions = torch.arange(ids.shape[1], device=ids.device)
            x = self.ln(self.words(ids) + self.positions(positions))
            mask = attention[:, None, None, :].bool()
            for block in self.blocks:
                x = block(x, mask)
            return self.classifier(torch.relu(self.pre_classifier(x[:, 0])))

    return DistilBertShaped()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--ceiling", required=True)
    parser.add_argument("--batch-sizes", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    def write(result):
        with open(args.out, "w") as out:
            json.dump(result, out, indent=2)

    try:
        import torch
    except ImportError:
        write({"measured": False, "reason": "PyTorch is not installed (python3 -c 'import torch' failed)"})
        return
    if not torch.cuda.is_available():
        write({"measured": False, "reason": f"torch {torch.__version__} sees no CUDA device"})
        return
    with open(args.config) as f:
        config = json.load(f)
    with open(args.ceiling) as f:
        lengths = sorted(json.load(f)["tokenCounts"])
    device = torch.device("cuda")
    model = build_model(torch, config).to(device=device, dtype=torch.float16).eval()
    runs = []
    with torch.inference_mode():
        for batch_size in (int(n) for n in args.batch_sizes.split(",")):
            batches = []
            for start in range(0, len(lengths), batch_size):
                chunk = lengths[start : start + batch_size]
                ids = torch.randint(1, config["vocab_size"], (len(chunk), chunk[-1]), device=device)
                attention = torch.zeros_like(ids)
                for row, n in enumerate(chunk):
                    attention[row, :n] = 1
                batches.append((ids, attention))
            for ids, attention in batches:  # warm-up: cuBLAS plans and the allocator for every shape
                model(ids, attention)
            torch.cuda.synchronize()
            times = []
            started = time.perf_counter()
            for ids, attention in batches:
                one = time.perf_counter()
                model(ids, attention)
                torch.cuda.synchronize()
                times.append((time.perf_counter() - one) * 1000)
            seconds = time.perf_counter() - started
            runs.append(
                {
                    "batchSize": batch_size,
                    "textsPerSecond": round(len(lengths) / seconds, 2),
                    "batchLatencyMs": summary(times),
                }
            )
    write(
        {
            "measured": True,
            "device": torch.cuda.get_device_name(0),
            "torch": f"torch {torch.__version__} (CUDA {torch.version.cuda})",
            "dtype": "fp16",
            "runs": runs,
        }
    )


if __name__ == "__main__":
    sys.exit(main())
