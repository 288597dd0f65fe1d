"""sieve's Python client: `Client(address, api_key=...)` classifies texts, streams them and runs batch jobs over
gRPC (Debian's python3-grpcio and python3-protobuf), with the TypeScript client's retry rules. The messages are
`sieve_client.proto.sieve.v1.*_pb2` (generated from proto/ by clients/python/generate.py)."""
from .client import TERMINAL_STATES, Client, StreamResult, result_line
from .errors import FieldViolation, SieveError
from .retry import RetryBudget, RetryPolicy

__all__ = [
    "Client",
    "FieldViolation",
    "RetryBudget",
    "RetryPolicy",
    "SieveError",
    "StreamResult",
    "TERMINAL_STATES",
    "result_line",
]
