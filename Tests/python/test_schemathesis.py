"""Schemathesis against the live demo: requests generated from Schemas/openapi.json, valid and invalid, for every
operation. No answer may be a server error, and every answer must be documented: its status code, its media type,
its body (NDJSON line by line) and its headers.

The run is bounded and reproducible: a fixed seed, deterministic generation, a fixed number of examples per operation
and no example database. POST /v1/crawls answers 403 on the demo (it has no admin token), which the document lists.
"""
import json

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import ROOT
from test_openapi import documented_response, pointer, schema_validator

CONFIG = schemathesis.Config.from_dict({
    "seed": 20260412,
    "generation": {"mode": "all", "max-examples": 40, "deterministic": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "request-timeout": 60,
})
SCHEMA = schemathesis.openapi.from_path(ROOT / "Schemas/openapi.json", config=CONFIG)


@schemathesis.check
def ndjson_lines_conform(ctx, response, case):
    """Each line of an NDJSON answer conforms to the schema its media type documents (schemathesis skips NDJSON)."""
    if (response.headers.get("content-type") or [""])[0].split(";")[0] != "application/x-ndjson":
        return None
    method = case.method.lower()
    _, location = documented_response(case.path, method, response.status_code)
    validator = schema_validator(location + pointer("content", "application/x-ndjson", "schema"))
    text = response.content.decode("utf-8")
    assert text == "" or text.endswith("\n"), "an NDJSON answer ends with a line break"
    for number, line in enumerate(text.splitlines(), 1):
        errors = list(validator.iter_errors(json.loads(line)))
        assert not errors, f"NDJSON line {number}: {errors[0].message}"
    return True


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, ndjson_lines_conform]


@SCHEMA.parametrize()
def test_the_api_conforms(case, demo):
    case.call_and_validate(base_url=demo, checks=CHECKS)
