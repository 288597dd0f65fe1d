"""Classify texts through a sieve gateway from Python, with grpcio and stubs generated from proto/ by grpcio-tools
(pip install grpcio grpcio-tools, or Debian's python3-grpcio python3-grpc-tools).

usage: python3 examples/python/classify.py TEXT...   (SIEVE_ADDRESS, SIEVE_MODEL, SIEVE_API_KEY from the environment)
"""
import atexit
import os
import shutil
import sys
import tempfile

import grpc
from grpc_tools import protoc

PROTO_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto")


def import_stubs():
    """Generates the Python stubs of sieve's contract into a temporary folder (what `python -m grpc_tools.protoc`
    does) and imports them."""
    out = tempfile.mkdtemp(prefix="sieve-stubs-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    files = ["sieve/v1/inference.proto", "sieve/v1/classification.proto", "google/rpc/status.proto"]
    args = ["protoc", f"-I{PROTO_ROOT}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}"]
    if protoc.main(args + files) != 0:
        raise RuntimeError("protoc could not generate the stubs")
    sys.path.insert(0, out)
    from sieve.v1 import inference_pb2, inference_pb2_grpc

    return inference_pb2, inference_pb2_grpc


inference_pb2, inference_pb2_grpc = import_stubs()


def classify(texts, address="127.0.0.1:50051", model="sentiment", api_key=None):
    metadata = [("authorization", f"Bearer {api_key}")] if api_key else []
    with grpc.insecure_channel(address) as channel:
        inference = inference_pb2_grpc.InferenceStub(channel)
        request = inference_pb2.ClassifyRequest(model=model, texts=texts)
        return inference.Classify(request, metadata=metadata, timeout=30).results


def main() -> int:
    texts = sys.argv[1:]
    try:
        results = classify(
            texts,
            address=os.environ.get("SIEVE_ADDRESS", "127.0.0.1:50051"),
            model=os.environ.get("SIEVE_MODEL", "sentiment"),
            api_key=os.environ.get("SIEVE_API_KEY"),
        )
    except grpc.RpcError as error:
        print(f"{error.code().name}: {error.details()}", file=sys.stderr)
        return 1
    for text, result in zip(texts, results):
        best = result.labels[0]  # labels are sorted by score, best first
        print(f"{best.label}\t{best.score:.3f}\t{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
