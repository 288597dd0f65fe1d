"""Client: sieve's gRPC API from Python (classify, streams, batch jobs, models) with the TypeScript client's retries."""
import itertools
import json
import os
import threading
import time
import uuid

import grpc

from .batch_input import file_items, file_sha256, iterable_items
from .errors import SieveError
from .proto.sieve.v1 import (
    batches_pb2,
    batches_pb2_grpc,
    classification_pb2,
    inference_pb2,
    inference_pb2_grpc,
    models_pb2,
    models_pb2_grpc,
)
from .retry import RetryPolicy

TERMINAL_STATES = (
    batches_pb2.BATCH_STATE_SUCCEEDED,
    batches_pb2.BATCH_STATE_FAILED,
    batches_pb2.BATCH_STATE_CANCELLED,
)
_UNSET = object()


class StreamResult:
    """One answer of classify_stream: `index` (the item's position in the input), `response` (a ClassifyResponse)
    or `error` (a SieveError for that item alone; the stream goes on)."""

    def __init__(self, index, response=None, error=None):
        self.index = index
        self.response = response
        self.error = error

    def __repr__(self):
        return f"StreamResult({self.index}, {'error=' + repr(self.error) if self.error else 'ok'})"


class _Stubs:
    def __init__(self, channel):
        self.inference = inference_pb2_grpc.InferenceStub(channel)
        self.batches = batches_pb2_grpc.BatchesStub(channel)
        self.models = models_pb2_grpc.ModelsStub(channel)


class _Window:
    """Requests sent on a stream and not answered yet: the sender waits while `size` are out."""

    def __init__(self, size):
        self._condition = threading.Condition()
        self._free = size
        self._closed = False

    def take(self) -> bool:
        with self._condition:
            while self._free == 0 and not self._closed:
                self._condition.wait()
            if self._closed:
                return False
            self._free -= 1
            return True

    def give(self):
        with self._condition:
            self._free += 1
            self._condition.notify()

    def close(self):
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    @property
    def closed(self):
        return self._closed


class Client:
    """A connection to one or more gateways.

    address: "host:port", a list of them (calls go round-robin; a retry goes to the next) or "dns:///name:port"
    (every address the name resolves to, round-robin). api_key: sent as `authorization: Bearer KEY`.
    deadline: seconds each unary call may take, retries included (per call: `deadline=`). credentials:
    grpc.ssl_channel_credentials(...) for TLS. retry: a RetryPolicy (max_attempts=1 turns retries off).
    on_retry(error, attempt, delay): called before each retry's wait.
    """

    def __init__(
        self,
        address,
        api_key=None,
        deadline=30.0,
        credentials=None,
        retry=None,
        on_retry=None,
        options=(),
    ):
        addresses = [address] if isinstance(address, str) else list(address)
        if not addresses:
            raise ValueError("Client needs at least one address")
        channel_options = [("grpc.lb_policy_name", "round_robin"), *options]
        self._channels = [
            grpc.secure_channel(a, credentials, channel_options)
            if credentials is not None
            else grpc.insecure_channel(a, channel_options)
            for a in addresses
        ]
        self._stubs = [_Stubs(channel) for channel in self._channels]
        self._turn = itertools.count()
        self._metadata = (("authorization", f"Bearer {api_key}"),) if api_key else ()
        self.deadline = deadline
        self.retry = retry if retry is not None else RetryPolicy()
        self.on_retry = on_retry

    def close(self):
        for channel in self._channels:
            channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    # --- calls ---

    def classify(
        self,
        texts,
        model,
        head=None,
        request_id=None,
        top_k=0,
        raw_scores=False,
        truncation=None,
        priority=None,
        deadline=_UNSET,
    ):
        """Scores `texts` (a list of strings, or one string) with `model` ("name", "name@version" or
        "name@sha256:..."), or with one of your heads. Returns the ClassifyResponse: `.results[i].labels` sorted
        best first. A request id (a fresh one unless given) makes the call safe to retry: the gateway answers a
        repeated id once."""
        request = self._classify_request(texts, model, head, request_id or uuid.uuid4().hex, top_k, raw_scores,
                                         truncation, priority)
        return self._call(lambda stubs, timeout: stubs.inference.Classify(request, timeout=timeout,
                                                                          metadata=self._metadata),
                          safe=True, deadline=deadline)

    def classify_stream(self, items, model, head=None, max_in_flight=32, deadline=None, **options):
        """Classifies each item of `items` (a string or a list of strings; an iterable or a generator, read only as
        fast as answers come back) on one stream, at most `max_in_flight` requests unanswered. Yields a
        StreamResult per item as answers arrive (not necessarily in input order: `.index` says which). Every item
        carries a request id, so when the stream breaks (UNAVAILABLE) the unanswered ones are sent again on a new
        stream. `deadline`: seconds for the whole stream (default none)."""
        source = iter(items)
        source_lock = threading.Lock()
        numbers = itertools.count()
        unanswered = {}  # correlation id -> the request, in send order
        end = None if deadline is None else time.monotonic() + deadline
        failures = 0
        self.retry.budget.deposit()
        replay = []
        while True:
            window = _Window(max_in_flight)

            def outgoing(replay=replay, window=window):
                for message in replay:
                    if not window.take():
                        return
                    yield message
                while window.take():
                    # Under the lock, so that a broken stream's sender either registers what it took from the
                    # source before the next stream counts what is unanswered, or takes nothing.
                    with source_lock:
                        if window.closed:
                            return
                        try:
                            item = next(source)
                        except StopIteration:
                            return
                        index = next(numbers)
                        texts = [item] if isinstance(item, str) else list(item)
                        request = self._classify_request(texts, model, head, uuid.uuid4().hex, **options)
                        message = inference_pb2.ClassifyStreamRequest(correlation_id=str(index), request=request)
                        unanswered[message.correlation_id] = message
                    yield message

            timeout = None if end is None else max(0.0, end - time.monotonic())
            call = self._next_stubs().inference.ClassifyStream(outgoing(), timeout=timeout, metadata=self._metadata)
            try:
                for response in call:
                    unanswered.pop(response.correlation_id, None)
                    window.give()
                    failures = 0
                    if response.WhichOneof("outcome") == "error":
                        yield StreamResult(int(response.correlation_id), error=SieveError.from_status(response.error))
                    else:
                        yield StreamResult(int(response.correlation_id), response=response.response)
                return
            except grpc.RpcError as rpc_error:
                error = SieveError.from_rpc_error(rpc_error)
                failures += 1
                left = None if end is None else end - time.monotonic()
                delay = self.retry.next_delay(error, failures, True, left)
                if delay is None:
                    raise error from None
                window.close()
                with source_lock:
                    replay = list(unanswered.values())
                self._before_retry(error, failures, delay)
            finally:
                window.close()
                call.cancel()

    def submit_batch(
        self,
        source,
        model,
        idempotency_key=None,
        display_name="",
        top_k=0,
        raw_scores=False,
        truncation=None,
        result_retention=None,
        chunk_size=500,
        deadline=_UNSET,
    ):
        """Submits a batch job; returns its Batch (`.id`, `.state`, `.total_count`; `existing` tells whether the
        idempotency key named an earlier one). `source`: a .jsonl/.csv/.txt file path (its sha256 is the default
        idempotency key, so submitting the same file twice gives one batch, and a retry is safe), or an iterable
        of strings, (id, text) pairs or {"id", "text"} dicts (a list or tuple is retried like a file when you give
        an idempotency key; any other iterable is read once and never retried)."""
        from_file = isinstance(source, (str, os.PathLike))
        if from_file and idempotency_key is None:
            idempotency_key = file_sha256(source)
        spec = batches_pb2.BatchSpec(
            model=model,
            options=self._options(top_k, raw_scores, truncation),
            idempotency_key=idempotency_key or "",
            display_name=display_name,
        )
        if result_retention is not None:  # seconds
            spec.result_retention.FromNanoseconds(int(result_retention * 1e9))

        def messages():
            yield batches_pb2.SubmitBatchRequest(spec=spec)
            items = file_items(source) if from_file else iterable_items(source)
            chunk = []
            for item_id, text in items:
                chunk.append(batches_pb2.BatchItem(id=item_id, text=text))
                if len(chunk) == chunk_size:
                    yield batches_pb2.SubmitBatchRequest(chunk=batches_pb2.BatchChunk(items=chunk))
                    chunk = []
            if chunk:
                yield batches_pb2.SubmitBatchRequest(chunk=batches_pb2.BatchChunk(items=chunk))

        # A retry sends the items again: only a file or a list can be read twice; and only an idempotency key makes
        # a call that may have reached the gateway (UNAVAILABLE) safe to repeat.
        replayable = from_file or isinstance(source, (list, tuple))
        return self._call(
            lambda stubs, timeout: stubs.batches.Submit(messages(), timeout=timeout, metadata=self._metadata),
            safe=replayable and bool(idempotency_key),
            deadline=deadline,
            retry=replayable,
        )

    def get_batch(self, batch_id, deadline=_UNSET):
        request = batches_pb2.GetBatchRequest(id=batch_id)
        return self._call(
            lambda stubs, timeout: stubs.batches.Get(request, timeout=timeout, metadata=self._metadata),
            safe=True,
            deadline=deadline,
        ).batch

    def list_batches(self, page_size=0, page_token="", deadline=_UNSET):
        request = batches_pb2.ListBatchesRequest(page_size=page_size, page_token=page_token)
        return self._call(
            lambda stubs, timeout: stubs.batches.List(request, timeout=timeout, metadata=self._metadata),
            safe=True,
            deadline=deadline,
        )

    def cancel_batch(self, batch_id, deadline=_UNSET):
        request = batches_pb2.CancelBatchRequest(id=batch_id)
        return self._call(
            lambda stubs, timeout: stubs.batches.Cancel(request, timeout=timeout, metadata=self._metadata),
            safe=True,
            deadline=deadline,
        ).batch

    def follow(self, batch_id, interval=1.0):
        """Yields the Batch each time its state or counts change, until it is SUCCEEDED, FAILED or CANCELLED."""
        seen = None
        while True:
            batch = self.get_batch(batch_id)
            progress = (batch.state, batch.done_count, batch.failed_count)
            if progress != seen:
                seen = progress
                yield batch
            if batch.state in TERMINAL_STATES:
                return
            time.sleep(interval)

    def results(self, batch_id, offset=0, follow=True):
        """Yields the BatchResults of a batch in input order from `offset`, waiting for those not done yet while
        `follow`. A broken stream resumes where it stopped (reads are safe to retry)."""
        failures = 0
        self.retry.budget.deposit()
        while True:
            request = batches_pb2.StreamBatchResultsRequest(id=batch_id, offset=offset, follow=follow)
            call = self._next_stubs().batches.StreamResults(request, metadata=self._metadata)
            try:
                for page in call:
                    for result in page.results:
                        offset = result.index + 1
                        failures = 0
                        yield result
                    offset = max(offset, page.next_offset)
                return
            except grpc.RpcError as rpc_error:
                error = SieveError.from_rpc_error(rpc_error)
                failures += 1
                delay = self.retry.next_delay(error, failures, True, None)
                if delay is None:
                    raise error from None
                self._before_retry(error, failures, delay)
            finally:
                call.cancel()

    def download_results(self, batch_id, out, offset=None, follow=True):
        """Writes a batch's results as JSON lines in input order (the CLI's `sieve batch results` lines:
        {"index", "id", "labels", "token_count", "truncated"} or {"index", "id", "error"}) to `out`, a path or a
        text file. A path that already holds lines is resumed after them (offset = its line count, unless given).
        Returns how many lines it wrote."""
        if isinstance(out, (str, os.PathLike)):
            if offset is None:
                offset = _line_count(out)
            with open(out, "a", encoding="utf-8") as file:
                return self.download_results(batch_id, file, offset, follow)
        written = 0
        for result in self.results(batch_id, offset or 0, follow):
            out.write(json.dumps(result_line(result)) + "\n")
            written += 1
        out.flush()
        return written

    def list_models(self, deadline=_UNSET):
        request = models_pb2.ListModelsRequest()
        return list(
            self._call(
                lambda stubs, timeout: stubs.models.List(request, timeout=timeout, metadata=self._metadata),
                safe=True,
                deadline=deadline,
            ).models
        )

    def get_model(self, name, deadline=_UNSET):
        request = models_pb2.GetModelRequest(name=name)
        return self._call(
            lambda stubs, timeout: stubs.models.Get(request, timeout=timeout, metadata=self._metadata),
            safe=True,
            deadline=deadline,
        ).model

    # --- the machinery ---

    def _next_stubs(self):
        return self._stubs[next(self._turn) % len(self._stubs)]

    def _call(self, invoke, safe, deadline, retry=True):
        """One unary (or client-streaming) call with the retry rules, never past the deadline; `retry=False`: one
        attempt whatever the error."""
        seconds = self.deadline if deadline is _UNSET else deadline
        end = None if seconds is None else time.monotonic() + seconds
        attempt = 0
        self.retry.budget.deposit()
        while True:
            attempt += 1
            timeout = None if end is None else max(0.0, end - time.monotonic())
            try:
                result = invoke(self._next_stubs(), timeout)
            except grpc.RpcError as rpc_error:
                error = SieveError.from_rpc_error(rpc_error)
                left = None if end is None else end - time.monotonic()
                delay = self.retry.next_delay(error, attempt, safe, left) if retry else None
                if delay is None:
                    raise error from None
                self._before_retry(error, attempt, delay)
                continue
            return result

    def _before_retry(self, error, attempt, delay):
        if self.on_retry is not None:
            self.on_retry(error, attempt, delay)
        time.sleep(delay)

    @staticmethod
    def _options(top_k=0, raw_scores=False, truncation=None):
        options = classification_pb2.ClassifyOptions(top_k=top_k, raw_scores=raw_scores)
        if truncation is not None:
            options.truncation = _enum(classification_pb2.Truncation, "TRUNCATION_", truncation)
        return options

    def _classify_request(self, texts, model, head, request_id, top_k=0, raw_scores=False, truncation=None,
                          priority=None):
        request = inference_pb2.ClassifyRequest(
            model=f"{model}+{head}" if head else model,
            texts=[texts] if isinstance(texts, str) else list(texts),
            options=self._options(top_k, raw_scores, truncation),
            request_id=request_id,
        )
        if priority is not None:
            request.priority = _enum(classification_pb2.Priority, "PRIORITY_", priority)
        return request


def _enum(wrapper, prefix, value):
    """An enum value from its number, its full name or its short name ("left" -> TRUNCATION_LEFT)."""
    if isinstance(value, int):
        return value
    name = value.upper()
    return wrapper.Value(name if name.startswith(prefix) else prefix + name)


def result_line(result):
    """One batch result as a JSON-ready dict, the CLI's line."""
    if result.WhichOneof("outcome") == "classification":
        c = result.classification
        return {
            "index": result.index,
            "id": result.id,
            "labels": [{"label": s.label, "score": s.score} for s in c.labels],
            "token_count": c.token_count,
            "truncated": c.truncated,
        }
    return {
        "index": result.index,
        "id": result.id,
        "error": {"code": result.error.code, "message": result.error.message},
    }


def _line_count(path):
    """Complete lines already written (a torn last line, from a download cut mid-write, is dropped)."""
    if not os.path.exists(path):
        return 0
    with open(path, "rb+") as file:
        data = file.read()
        keep = data.rfind(b"\n") + 1
        if keep != len(data):
            file.truncate(keep)
        return data[:keep].count(b"\n")
