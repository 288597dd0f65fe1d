"""The retry rules alone: which failures are retried, how long the waits are, the budget and the deadline."""
import unittest

import grpc
from google.protobuf import any_pb2

from sieve_client import RetryBudget, RetryPolicy, SieveError
from sieve_client.proto.google.rpc import error_details_pb2, status_pb2

Code = grpc.StatusCode


def error(code, retry_delay=None):
    return SieveError(code, "x", retry_delay=retry_delay)


def policy(**options):
    return RetryPolicy(random=lambda: 1.0, **options)


class RetryRules(unittest.TestCase):
    def test_resource_exhausted_is_retried_only_with_retry_info_and_waits_at_least_that(self):
        self.assertIsNone(policy().next_delay(error(Code.RESOURCE_EXHAUSTED), 1, True, None))
        delay = RetryPolicy(random=lambda: 0.0).next_delay(error(Code.RESOURCE_EXHAUSTED, 1.5), 1, False, None)
        self.assertEqual(delay, 1.5)
        self.assertAlmostEqual(policy().next_delay(error(Code.RESOURCE_EXHAUSTED, 1.5), 1, False, None), 1.65)

    def test_unavailable_is_retried_only_when_the_call_is_safe(self):
        self.assertIsNone(policy().next_delay(error(Code.UNAVAILABLE), 1, False, None))
        self.assertIsNotNone(policy().next_delay(error(Code.UNAVAILABLE), 1, True, None))

    def test_other_codes_are_never_retried(self):
        for code in (Code.INVALID_ARGUMENT, Code.NOT_FOUND, Code.DEADLINE_EXCEEDED, Code.UNAUTHENTICATED,
                     Code.PERMISSION_DENIED, Code.INTERNAL):
            self.assertIsNone(policy().next_delay(error(code, 1.0), 1, True, None), code)

    def test_backoff_doubles_up_to_the_cap_with_full_jitter(self):
        high = policy(initial_backoff=0.1, max_backoff=0.5)
        self.assertEqual([round(high.backoff(n), 3) for n in (1, 2, 3, 4)], [0.1, 0.2, 0.4, 0.5])
        low = RetryPolicy(initial_backoff=0.1, max_backoff=0.5, random=lambda: 0.0)
        self.assertEqual([low.backoff(n) for n in (1, 2, 3, 4)], [0.0, 0.0, 0.0, 0.0])
        self.assertEqual(RetryPolicy(random=lambda: 0.5).backoff(1, server_delay=2.0), 2.1)

    def test_stops_after_max_attempts(self):
        retry = policy(max_attempts=3)
        self.assertIsNotNone(retry.next_delay(error(Code.UNAVAILABLE), 2, True, None))
        self.assertIsNone(retry.next_delay(error(Code.UNAVAILABLE), 3, True, None))

    def test_never_waits_past_the_deadline(self):
        self.assertIsNone(policy().next_delay(error(Code.RESOURCE_EXHAUSTED, 2.0), 1, True, 1.0))
        self.assertIsNotNone(policy().next_delay(error(Code.RESOURCE_EXHAUSTED, 0.5), 1, True, 1.0))

    def test_the_budget_stops_a_retry_storm_and_calls_refill_it(self):
        budget = RetryBudget(ratio=0.5, minimum=2)
        retry = RetryPolicy(max_attempts=100, budget=budget, random=lambda: 0.0)
        allowed = [retry.next_delay(error(Code.UNAVAILABLE), 1, True, None) is not None for _ in range(4)]
        self.assertEqual(allowed, [True, True, False, False])
        budget.deposit()
        self.assertIsNone(retry.next_delay(error(Code.UNAVAILABLE), 1, True, None))
        budget.deposit()
        self.assertIsNotNone(retry.next_delay(error(Code.UNAVAILABLE), 1, True, None))


class StatusDetails(unittest.TestCase):
    def test_reads_reason_field_violations_and_retry_info_from_a_status(self):
        status = status_pb2.Status(code=3, message="texts[0]: empty text")
        for detail in (
            error_details_pb2.ErrorInfo(reason="INVALID_REQUEST", domain="sieve", metadata={"model": "tiny"}),
            error_details_pb2.BadRequest(field_violations=[{"field": "texts[0]", "description": "empty text"}]),
            error_details_pb2.RetryInfo(retry_delay={"seconds": 1, "nanos": 500_000_000}),
        ):
            packed = any_pb2.Any()
            packed.Pack(detail)
            status.details.append(packed)
        parsed = SieveError.from_status(status)
        self.assertEqual(parsed.code, Code.INVALID_ARGUMENT)
        self.assertEqual(parsed.reason, "INVALID_REQUEST")
        self.assertEqual(parsed.metadata, {"model": "tiny"})
        self.assertEqual([(v.field, v.description) for v in parsed.field_violations], [("texts[0]", "empty text")])
        self.assertEqual(parsed.retry_delay, 1.5)
        self.assertIn("INVALID_REQUEST", str(parsed))


if __name__ == "__main__":
    unittest.main()
