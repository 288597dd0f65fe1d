"""The Python client (clients/python) against a running cluster, from Debian's /usr/bin/python3. Each scenario
prints one JSON line for test/clients/python-client.test.ts to check.

usage: python_client_scenarios.py ADDRESS[,ADDRESS...] MODEL API_KEY SCENARIO [ARG...]
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

from sieve_client import Client, RetryPolicy, SieveError  # noqa: E402
from sieve_client.proto.sieve.v1 import batches_pb2  # noqa: E402


def labels(classification):
    return [{"label": s.label, "score": s.score} for s in classification.labels]


def classify(client, model):
    response = client.classify(["I love this", "awful"], model=model)
    models = client.list_models()
    return {
        "model": response.model,
        "digest": response.model_digest,
        "request_id": response.request_id,
        "results": [labels(r) for r in response.results],
        "models": [m.name for m in models],
        "get_model_labels": list(client.get_model(model).labels),
    }


def stream(client, model):
    window = 4
    pulled = answered = 0
    most_out = 0

    def texts():
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield [f"text number {i}", "I love this"] if i % 2 else f"text number {i}"

    indices = []
    for result in client.classify_stream(texts(), model=model, max_in_flight=window):
        most_out = max(most_out, pulled - answered)
        answered += 1
        assert result.error is None, result.error
        indices.append(result.index)
        assert len(result.response.results) == (2 if result.index % 2 else 1)
    return {"indices": sorted(indices), "most_out": most_out, "window": window}


def batch(client, model):
    folder = tempfile.mkdtemp(prefix="sieve-py-batch-")
    source = os.path.join(folder, "input.jsonl")
    with open(source, "w") as out:
        for i in range(25):
            out.write(json.dumps({"id": f"item-{i}", "text": f"batch text {i}" if i != 7 else "I love this"}) + "\n")
    submitted = client.submit_batch(source, model=model, display_name="python")
    again = client.submit_batch(source, model=model, display_name="python")
    progress = [batches_pb2.BatchState.Name(b.state) for b in client.follow(submitted.batch.id, interval=0.2)]
    results = os.path.join(folder, "results.jsonl")
    first = client.download_results(submitted.batch.id, results)
    # Resume: cut the file after 10 lines and a torn 11th, as a download stopped mid-write would leave it.
    with open(results) as done:
        lines = done.readlines()
    with open(results, "w") as cut:
        cut.writelines(lines[:10])
        cut.write(lines[10][:7])
    resumed = client.download_results(submitted.batch.id, results)
    with open(results) as done:
        final = [json.loads(line) for line in done]
    return {
        "id": submitted.batch.id,
        "total": submitted.batch.total_count,
        "existing": again.existing,
        "same_id": again.batch.id == submitted.batch.id,
        "progress": progress,
        "first": first,
        "resumed": resumed,
        "indices": [line["index"] for line in final],
        "ids": [line["id"] for line in final],
        "item7": final[7]["labels"],
    }


def error(client, model):
    try:
        client.classify(["fine", ""], model=model)
        return {"error": None}
    except SieveError as failure:
        invalid = {
            "code": failure.code.name,
            "reason": failure.reason,
            "violations": [[v.field, v.description] for v in failure.field_violations],
        }
    try:
        client.classify(["x"], model="no-such-model")
        return {"error": None}
    except SieveError as failure:
        missing = {"code": failure.code.name, "reason": failure.reason}
    return {"invalid": invalid, "missing": missing}


def retry(client, model):
    retries = []
    client.on_retry = lambda failure, attempt, delay: retries.append(
        {"code": failure.code.name, "reason": failure.reason, "retry_delay": failure.retry_delay, "delay": delay}
    )
    answers = [len(client.classify([f"call {i}"], model=model).results) for i in range(3)]
    # Without retries the caller sees the refusal itself, RetryInfo included.
    client.retry = RetryPolicy(max_attempts=1)
    refused = short = None
    try:
        for i in range(3):
            client.classify([f"again {i}"], model=model)
    except SieveError as failure:
        refused = {"code": failure.code.name, "retry_delay": failure.retry_delay}
    # A deadline shorter than RetryInfo's delay: raised at once, not waited out.
    client.retry = RetryPolicy()
    try:
        for i in range(3):
            client.classify([f"late {i}"], model=model, deadline=0.3)
    except SieveError as failure:
        short = failure.code.name
    return {"answers": answers, "retries": retries, "refused": refused, "short_deadline": short}


def failover(client, model, killed_file):
    """The first address is a gateway the test kills (SIGKILL) mid-stream: it is told so by a {"kill"} line and
    answers by creating killed_file. The stream goes on on the other gateway; unary calls that meet the dead one
    are retried there."""
    retries = []
    client.on_retry = lambda failure, attempt, delay: retries.append({"code": failure.code.name, "attempt": attempt})

    def texts():
        for i in range(30):
            if i == 6:
                print(json.dumps({"kill": True}), flush=True)
                while not os.path.exists(killed_file):
                    time.sleep(0.05)
            yield f"failover text {i}"

    results = list(client.classify_stream(texts(), model=model, max_in_flight=3))
    stream_retries = len(retries)
    answers = [len(client.classify([f"after {i}"], model=model).results) for i in range(4)]
    return {
        "indices": sorted(r.index for r in results),
        "errors": [str(r.error) for r in results if r.error],
        "answers": answers,
        "stream_retries": stream_retries,
        "retries": retries,
    }


def main() -> int:
    address, model, api_key, scenario, *args = sys.argv[1:]
    with Client(address.split(","), api_key=api_key or None, deadline=20.0) as client:
        print(json.dumps(globals()[scenario](client, model, *args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
