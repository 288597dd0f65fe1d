"""Client's calls under the retry rules, against fake stubs: which calls are tried again, and with what."""
import types
import unittest

import grpc

from sieve_client import Client, RetryPolicy
from sieve_client.proto.google.rpc import error_details_pb2, status_pb2
from sieve_client.proto.sieve.v1 import batches_pb2, inference_pb2


class FakeRpcError(grpc.RpcError):
    def __init__(self, code, retry_seconds=None):
        self._code = code
        status = status_pb2.Status(code=code.value[0], message="no")
        if retry_seconds is not None:
            status.details.add().Pack(error_details_pb2.RetryInfo(retry_delay={"seconds": retry_seconds}))
        self._trailers = (("grpc-status-details-bin", status.SerializeToString()),)

    def code(self):
        return self._code

    def details(self):
        return "no"

    def trailing_metadata(self):
        return self._trailers


class ScriptedCalls:
    """Fails with each error in turn, then answers; remembers what each attempt sent."""

    def __init__(self, errors, answer):
        self.errors = list(errors)
        self.answer = answer
        self.sent = []

    def __call__(self, request, timeout=None, metadata=None):
        self.sent.append(list(request) if hasattr(request, "__next__") else request)
        if self.errors:
            raise self.errors.pop(0)
        return self.answer


def client_with(calls, **stubs):
    client = Client("127.0.0.1:1", api_key="k", retry=RetryPolicy(random=lambda: 0.0, initial_backoff=0))
    fake = types.SimpleNamespace(
        inference=types.SimpleNamespace(Classify=calls),
        batches=types.SimpleNamespace(Submit=calls),
        models=None,
    )
    client._next_stubs = lambda: fake
    client._before_retry = lambda error, attempt, delay: client.retries.append((error.code, delay))
    client.retries = []
    return client


class ClientRetries(unittest.TestCase):
    def test_classify_is_retried_with_the_same_request_id(self):
        calls = ScriptedCalls([FakeRpcError(grpc.StatusCode.UNAVAILABLE)], inference_pb2.ClassifyResponse())
        client = client_with(calls)
        client.classify(["hi"], model="m")
        self.assertEqual(len(calls.sent), 2)
        self.assertTrue(calls.sent[0].request_id)
        self.assertEqual(calls.sent[0].request_id, calls.sent[1].request_id)
        client.close()

    def test_resource_exhausted_waits_what_retry_info_says(self):
        calls = ScriptedCalls([FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, 2)], inference_pb2.ClassifyResponse())
        client = client_with(calls)
        client.classify(["hi"], model="m", deadline=10)
        self.assertEqual(client.retries, [(grpc.StatusCode.RESOURCE_EXHAUSTED, 2.0)])
        client.close()

    def test_a_batch_from_a_generator_is_never_retried_and_one_from_a_list_is_resent_whole(self):
        refusal = FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, 1)
        calls = ScriptedCalls([refusal], batches_pb2.SubmitBatchResponse())
        client = client_with(calls)
        with self.assertRaises(Exception):
            client.submit_batch((text for text in ["a", "b"]), model="m")
        self.assertEqual(len(calls.sent), 1)
        client.close()
        calls = ScriptedCalls([refusal], batches_pb2.SubmitBatchResponse())
        client = client_with(calls)
        client.submit_batch(["a", "b"], model="m")
        self.assertEqual(len(calls.sent), 2)
        self.assertEqual([len(m.chunk.items) for m in calls.sent[1] if m.HasField("chunk")], [2])
        client.close()


if __name__ == "__main__":
    unittest.main()
