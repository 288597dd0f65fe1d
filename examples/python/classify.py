"""Classify texts through a sieve gateway from Python, with the client in clients/python (grpcio and protobuf:
Debian's python3-grpcio, or pip's grpcio and protobuf; no code generation, the generated modules are shipped).

usage: python3 examples/python/classify.py TEXT...   (SIEVE_ADDRESS, SIEVE_MODEL, SIEVE_API_KEY from the environment)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

from sieve_client import Client, SieveError  # noqa: E402


def main() -> int:
    texts = sys.argv[1:]
    address = os.environ.get("SIEVE_ADDRESS", "127.0.0.1:50051")
    model = os.environ.get("SIEVE_MODEL", "sentiment")
    with Client(address, api_key=os.environ.get("SIEVE_API_KEY")) as client:
        try:
            response = client.classify(texts, model=model)
        except SieveError as error:  # code, message, reason, field_violations, retry_delay
            print(f"{error.code.name}: {error.message}", file=sys.stderr)
            return 1
    for text, result in zip(texts, response.results):
        best = result.labels[0]  # labels are sorted by score, best first
        print(f"{best.label}\t{best.score:.3f}\t{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
