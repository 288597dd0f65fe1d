"""Batch items from a file, as `sieve batch submit` reads them: .jsonl/.ndjson (`{"text": ..., "id": ...}`, id
optional), .csv (a header with a `text` column, `id` optional) or .txt (one text per line, blank lines skipped).
Read lazily, so that a file of millions of lines is never held whole."""
import csv
import hashlib
import json
import os


def file_sha256(path) -> str:
    """The default idempotency key of a batch submitted from a file (the CLI's too): the same file is one batch."""
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_items(path):
    """Yields (id, text) in file order; raises ValueError naming `path:line` at the first bad line."""
    extension = os.path.splitext(str(path))[1].lower()
    if extension in (".jsonl", ".ndjson"):
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error})") from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError(f'{path}:{number}: "text" must be a string')
                item_id = record.get("id", "")
                if not isinstance(item_id, (str, int)) or isinstance(item_id, bool):
                    raise ValueError(f'{path}:{number}: "id" must be a string or a number')
                yield str(item_id), record["text"]
    elif extension == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as rows:
            reader = csv.DictReader(rows)
            if reader.fieldnames is None or "text" not in reader.fieldnames:
                raise ValueError(f'{path}:1: the header row needs a "text" column')
            for row in reader:
                yield row.get("id") or "", row["text"]
    elif extension == ".txt":
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                text = line.rstrip("\r\n")
                if text.strip():
                    yield "", text
    else:
        raise ValueError(f"{path}: unknown input format (use .jsonl, .csv or .txt)")


def iterable_items(items):
    """Items given in code: strings, (id, text) pairs or {"id", "text"} dicts."""
    for item in items:
        if isinstance(item, str):
            yield "", item
        elif isinstance(item, dict):
            yield str(item.get("id", "")), item["text"]
        else:
            item_id, text = item
            yield str(item_id), text
