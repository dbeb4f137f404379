"""Schemathesis hooks for `cargo xtask fuzz-api` (loaded through SCHEMATHESIS_HOOKS).

Nothing here hides a failure: the serializer lets the import operation be called at all, and
the filter only keeps the fuzzer from ending its own session halfway through the run.
"""

import os

import schemathesis

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@schemathesis.serializer(XLSX)
def xlsx(ctx, value):
    """An .xlsx upload is raw bytes, like application/octet-stream (no real workbook is built:
    whatever is sent must be refused with a documented answer)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", errors="ignore")


OWN_ID = int(os.environ.get("JIYUAN_FUZZ_USER_ID", "0"))
SELF_ENDING = ("/api/v1/users/{id}/end-sessions", "/api/v1/users/{id}/reset-password")


@schemathesis.hook
def filter_path_parameters(context, path_parameters):
    """The fuzzing account (an administrator too) must not end its own sessions or reset its
    own password: every later request would be a 401 and test nothing."""
    op = context.operation
    if op is not None and op.path in SELF_ENDING:
        return str(path_parameters.get("id")) != str(OWN_ID)
    return True


# CPython 3.11 before 3.11.9 can raise SystemError("AST constructor recursion depth mismatch")
# from ast.parse when it runs deep in a stack (python/cpython#106905). Hypothesis parses source
# only to *describe* a lambda in its reprs; on that error the description falls back to the one
# Hypothesis itself uses when it cannot parse ("<unknown>"). No generated case, no check and no
# answer of the server is affected: this keeps a tool bug from ending an operation's run.
import hypothesis.internal.lambda_sources as _lambda_sources  # noqa: E402

_describe_lambda = _lambda_sources._lambda_description


def _lambda_description(f, *args, **kwargs):
    try:
        return _describe_lambda(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


_lambda_sources._lambda_description = _lambda_description
