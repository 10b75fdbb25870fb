"""Real answers of the demo server conform to Schemas/openapi.json (which forbids undocumented fields)."""
import json

import pytest
import requests
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT

DOCUMENT = json.loads((ROOT / "Schemas/openapi.json").read_text())
REGISTRY = Registry().with_resource("urn:tessera:openapi", DRAFT202012.create_resource(DOCUMENT))


def validator(path: str, status: str, media: str = "application/json") -> Draft202012Validator:
    operation = DOCUMENT["paths"][path]["get"]
    schema = operation["responses"][status]["content"][media]["schema"]
    # Resolve component references against the whole document.
    return Draft202012Validator({"$ref": "urn:tessera:openapi#" + schema["$ref"][1:]} if "$ref" in schema else schema, registry=REGISTRY)


def image_ids(base):
    return [item["id"] for item in requests.get(base + "/v1/images?limit=1000", timeout=10).json()["items"]]


def test_the_document_is_valid_openapi():
    from openapi_spec_validator import validate
    validate(DOCUMENT)


@pytest.mark.parametrize("url, path", [
    ("/v1/studies", "/v1/studies"),
    ("/v1/studies/idr0028", "/v1/studies/{id}"),
    ("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118", "/v1/images"),
    ("/v1/images?limit=3", "/v1/images"),
    ("/v1/crawls", "/v1/crawls"),
    ("/v1/crawls/1", "/v1/crawls/{id}"),
])
def test_list_and_study_answers_conform(demo, url, path):
    answer = requests.get(demo + url, timeout=10)
    assert answer.status_code == 200
    validator(path, "200").validate(answer.json())


def test_every_image_and_chunk_answer_conforms(demo):
    ids = image_ids(demo)
    assert len(ids) == 34
    for image_id in ids:
        image = requests.get(f"{demo}/v1/images/{image_id}", timeout=10).json()
        validator("/v1/images/{id}", "200").validate(image)
        for label in image["labels"]:
            validator("/v1/images/{id}", "200").validate(requests.get(f"{demo}/v1/images/{label['id']}", timeout=10).json())
        chunks = requests.get(f"{demo}/v1/images/{image_id}/chunks?level=1", timeout=10).json()
        validator("/v1/images/{id}/chunks", "200").validate(chunks)


@pytest.mark.parametrize("url, path, status", [
    ("/v1/studies/idr9999", "/v1/studies/{id}", "404"),
    ("/v1/images?limit=0", "/v1/images", "400"),
    ("/v1/images/nope", "/v1/images/{id}", "404"),
    ("/v1/crawls/999", "/v1/crawls/{id}", "404"),
])
def test_problems_conform(demo, url, path, status):
    answer = requests.get(demo + url, timeout=10)
    assert str(answer.status_code) == status
    assert answer.headers["content-type"] == "application/problem+json"
    validator(path, status, "application/problem+json").validate(answer.json())
