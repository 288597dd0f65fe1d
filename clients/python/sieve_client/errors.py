"""SieveError: what a failed call said, read from the gRPC status and its google.rpc details."""
import grpc

from .proto.google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"


class FieldViolation:
    """One BadRequest field violation: the request field (`texts[0]`) and what is wrong with it."""

    def __init__(self, field: str, description: str):
        self.field = field
        self.description = description

    def __repr__(self):
        return f"FieldViolation({self.field!r}, {self.description!r})"


class SieveError(Exception):
    """A call that failed: `code` (a grpc.StatusCode), `message`, `reason` (ErrorInfo.reason, e.g.
    `MODEL_NOT_FOUND`; None when the server sent none), `metadata` (ErrorInfo.metadata), `field_violations`
    (BadRequest), `retry_delay` (RetryInfo, seconds; None when absent) and `quota_violations` (QuotaFailure)."""

    def __init__(
        self,
        code,
        message,
        reason=None,
        metadata=None,
        field_violations=(),
        retry_delay=None,
        quota_violations=(),
    ):
        super().__init__(f"{code.name}: {message}" + (f" ({reason})" if reason else ""))
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata = dict(metadata or {})
        self.field_violations = list(field_violations)
        self.retry_delay = retry_delay
        self.quota_violations = list(quota_violations)

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> "SieveError":
        """Reads a grpc.RpcError; the details travel in the grpc-status-details-bin trailer."""
        code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
        message = error.details() if hasattr(error, "details") else str(error)
        trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
        for key, value in trailers or ():
            if key == STATUS_DETAILS_KEY:
                status = status_pb2.Status()
                try:
                    status.ParseFromString(value)
                except Exception:  # a malformed trailer: the code and message still stand
                    break
                return cls.from_status(status, code=code, message=message or status.message)
        return cls(code, message or "")

    @classmethod
    def from_status(cls, status: status_pb2.Status, code=None, message=None) -> "SieveError":
        """Reads a google.rpc.Status (also what a stream or a batch result carries for one failed item)."""
        if code is None:
            code = _code_by_number.get(status.code, grpc.StatusCode.UNKNOWN)
        reason, metadata, violations, delay, quota = None, {}, [], None, []
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                reason, metadata = info.reason, dict(info.metadata)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                violations += [FieldViolation(v.field, v.description) for v in bad.field_violations]
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                detail.Unpack(retry)
                delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
            elif detail.Is(error_details_pb2.QuotaFailure.DESCRIPTOR):
                failure = error_details_pb2.QuotaFailure()
                detail.Unpack(failure)
                quota += [(v.subject, v.description) for v in failure.violations]
        return cls(code, message if message is not None else status.message, reason, metadata, violations, delay, quota)


_code_by_number = {code.value[0]: code for code in grpc.StatusCode}
