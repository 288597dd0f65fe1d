"""A client nobody on the team wrote: stubs generated from proto/ by grpc_tools (Debian's python3-grpc-tools),
calling the gateway with Debian's python3-grpcio. Prints one JSON line per call for the Node test to check.

usage: python_classify.py ADDRESS MODEL TEXT...
"""
import json
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc


def main() -> int:
    address, model, *texts = sys.argv[1:]
    proto_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto")
    out = tempfile.mkdtemp(prefix="sieve-py-")
    wkt = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    files = ["sieve/v1/inference.proto", "sieve/v1/classification.proto", "sieve/v1/models.proto",
             "google/rpc/status.proto"]
    args = ["protoc", f"-I{proto_root}", f"-I{wkt}", f"--python_out={out}", f"--grpc_python_out={out}", *files]
    if protoc.main(args) != 0:
        print("protoc failed", file=sys.stderr)
        return 2
    sys.path.insert(0, out)
    from sieve.v1 import inference_pb2, inference_pb2_grpc  # noqa: E402

    with grpc.insecure_channel(address) as channel:
        stub = inference_pb2_grpc.InferenceStub(channel)
        response = stub.Classify(inference_pb2.ClassifyRequest(model=model, texts=texts), timeout=20)
        print(json.dumps({
            "model": response.model,
            "digest": response.model_digest,
            "results": [[{"label": l.label, "score": l.score} for l in r.labels] for r in response.results],
        }))
        try:
            stub.Classify(inference_pb2.ClassifyRequest(model=model, texts=[""]), timeout=20)
            print(json.dumps({"error": None}))
        except grpc.RpcError as error:
            print(json.dumps({"error": error.code().name, "details": error.details()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
