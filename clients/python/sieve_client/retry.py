"""When to try a failed call again, and after how long: pure, so that tests drive it with their own clock and dice.

The rules are the TypeScript client's:
- RESOURCE_EXHAUSTED is retried only when the server sent RetryInfo: it refused before doing any work and said when
  to come back; the wait is at least that delay (plus up to 10% jitter, so that refused callers do not return as
  one herd).
- UNAVAILABLE is retried only for a call that is safe to repeat: Classify with a request id (the gateway answers a
  repeated id once), reads (Get, List, results from an offset), a batch submitted under an idempotency key, and a
  stream that has had no response yet. The wait is RetryInfo's when sent, else exponential backoff with jitter.
- Nothing else is retried (INVALID_ARGUMENT, NOT_FOUND, DEADLINE_EXCEEDED... would fail the same way again).
- A wait that would end past the caller's deadline is not taken: the error is raised now.
- A retry budget shared by the client's calls (each call earns a tenth of a retry, each retry spends one, ten at
  most in hand) keeps a struggling cluster from a retry storm.
"""
import random as _random
import threading

import grpc


class RetryBudget:
    """How many retries a client may spend: a token bucket that each call fills by `ratio` and each retry empties
    by one (holding at most `minimum`), so that retries stay near `ratio` of calls once the first `minimum` are
    spent. When every gateway is overloaded, retries that multiply the load are what keeps it overloaded."""

    def __init__(self, ratio=0.1, minimum=10):
        self.ratio = ratio
        self.minimum = minimum
        self.tokens = float(minimum)
        self._lock = threading.Lock()

    def deposit(self):
        """A call (not a retry) was made."""
        with self._lock:
            self.tokens = min(self.minimum, self.tokens + self.ratio)

    def withdraw(self) -> bool:
        """Takes one retry from the budget; False when there is none left."""
        with self._lock:
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


class RetryPolicy:
    """max_attempts counts the first try (1 turns retries off); the backoff before retry n is drawn uniformly
    below min(max_backoff, initial_backoff * 2^(n-1)) (full jitter), and never shorter than RetryInfo's delay
    (plus up to 10%, so that callers refused together do not all come back in the same instant)."""

    def __init__(self, max_attempts=5, initial_backoff=0.1, max_backoff=5.0, budget=None, random=_random.random):
        self.max_attempts = max_attempts
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.budget = budget if budget is not None else RetryBudget()
        self.random = random

    def backoff(self, retry: int, server_delay=None) -> float:
        """The wait before retry number `retry` (1, 2, ...); `server_delay`: RetryInfo's, in seconds."""
        jittered = self.random() * min(self.max_backoff, self.initial_backoff * 2 ** (retry - 1))
        if server_delay is None:
            return jittered
        return max(jittered, server_delay * (1 + 0.1 * self.random()))

    @staticmethod
    def is_retryable(error, safe: bool) -> bool:
        if error.code == grpc.StatusCode.RESOURCE_EXHAUSTED:
            return error.retry_delay is not None
        return error.code == grpc.StatusCode.UNAVAILABLE and safe

    def next_delay(self, error, attempt: int, safe: bool, time_left):
        """Seconds to wait before trying again after `error` (a SieveError) failed attempt number `attempt`
        (1-based), or None to raise it. `safe`: repeating the call cannot do its work twice nor repeat what the
        caller has already seen. `time_left`: seconds until the caller's deadline (None: no deadline)."""
        if not self.is_retryable(error, safe) or attempt >= self.max_attempts:
            return None
        delay = self.backoff(attempt, error.retry_delay)
        if time_left is not None and delay >= time_left:
            return None
        if not self.budget.withdraw():
            return None
        return delay
