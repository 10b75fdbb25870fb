"""Real answers of the servers conform to Schemas/openapi.json (which forbids undocumented fields): status codes,
media types, bodies (NDJSON line by line) and documented headers, for every operation and its major variants."""
import csv
import io
import json
import re
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import requests
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, run_server, tessera_binary

DOCUMENT = json.loads((ROOT / "Schemas/openapi.json").read_text())
BASE = "urn:tessera:openapi"
REGISTRY = Registry().with_resource(BASE, DRAFT202012.create_resource(DOCUMENT))
TERM_KINDS = ["gene", "sirna", "compound", "phenotype", "organism", "cell_line", "antibody", "orf", "imaging_method"]
FACETS = ["study", "plate"] + TERM_KINDS


def pointer(*parts) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def resolve(node: dict, location: str) -> tuple[dict, str]:
    """Follows a local $ref (response or header objects); returns the object and its JSON Pointer."""
    while "$ref" in node:
        location = node["$ref"][1:]
        node = DOCUMENT
        for part in location.split("/")[1:]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, location


def schema_validator(location: str) -> Draft202012Validator:
    """A validator of the schema at a JSON Pointer into the document, its references resolved against the document."""
    return Draft202012Validator({"$ref": BASE + "#" + location}, registry=REGISTRY)


def component(name: str) -> Draft202012Validator:
    return schema_validator(pointer("components", "schemas", name))


def documented_response(path: str, method: str, status: int) -> tuple[dict, str]:
    responses = DOCUMENT["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered {status}, which the document does not list"
    return resolve(responses[str(status)], pointer("paths", path, method, "responses", str(status)))


def media_type(answer: requests.Response) -> str | None:
    value = answer.headers.get("content-type")
    return value.split(";")[0].strip().lower() if value else None


def conforms(answer: requests.Response, path: str, method: str = "get"):
    """Asserts that the answer is documented for the operation: status, media type, body and headers. Returns the
    parsed body (the list of lines for NDJSON, the rows for CSV and TSV, the text otherwise)."""
    response, location = documented_response(path, method, answer.status_code)
    for name, header in response.get("headers", {}).items():
        header, header_location = resolve(header, location + pointer("headers", name))
        if header.get("required"):
            assert name in answer.headers, f"{method.upper()} {path} {answer.status_code}: no {name} header"
        if name in answer.headers:
            errors = list(schema_validator(header_location + "/schema").iter_errors(answer.headers[name]))
            assert not errors, f"{name}: {answer.headers[name]!r}: {errors[0].message}"
    content = response.get("content")
    if not content or method == "head":
        assert not answer.content, f"{method.upper()} {path} {answer.status_code} has a body the document does not describe"
        return None
    kind = media_type(answer)
    assert kind in content, f"{method.upper()} {path} {answer.status_code} answered {kind}; documented: {sorted(content)}"
    validator = schema_validator(location + pointer("content", kind, "schema"))
    if kind in ("application/json", "application/problem+json"):
        body = answer.json()
        validator.validate(body)
        return body
    if kind == "application/x-ndjson":
        assert answer.text == "" or answer.text.endswith("\n")
        lines = [json.loads(line) for line in answer.text.splitlines()]
        for line in lines:
            validator.validate(line)
        return lines
    validator.validate(answer.text)
    if kind in ("text/csv", "text/tab-separated-values"):
        if kind == "text/csv":
            assert answer.text.endswith("\r\n")
            return list(csv.reader(io.StringIO(answer.text, newline="")))
        return [line.split("\t") for line in answer.text.split("\n")[:-1]]
    return answer.text


def get(base, url, **kwargs):
    return requests.get(base + url, timeout=30, **kwargs)


def search(base, body, url="/v1/search", **kwargs):
    return requests.post(base + url, timeout=60, json=body, **kwargs)


def image_ids(base):
    return [item["id"] for item in get(base, "/v1/images?limit=1000").json()["items"]]


# --- The document --------------------------------------------------------------------------------------------------

def test_the_document_is_valid_openapi():
    from openapi_spec_validator import validate
    validate(DOCUMENT)


def test_every_route_of_the_server_is_documented():
    """Each route the router registers is a path and method of the document, and the other way round."""
    registered = set()
    for source in (ROOT / "Sources/TesseraAPI").rglob("*.swift"):
        for method, route in re.findall(r'router\.(get|post)\("([^"]+)"', source.read_text()):
            registered.add((method, re.sub(r":(\w+)", r"{\1}", route)))
    documented = {(method, path) for path, operations in DOCUMENT["paths"].items() for method in operations
                  if not path.startswith("/data/")}
    assert registered == documented


def test_the_document_is_served(demo):
    answer = get(demo, "/openapi.json")
    assert conforms(answer, "/openapi.json") == DOCUMENT


def test_the_document_checks_what_it_should():
    """The schemas reject undocumented members, so these tests catch them."""
    study = {"id": "s", "name": "s", "url": "u", "organisms": [], "images": 0, "plates": 0, "wells": 0}
    component("Study").validate(study)
    assert not component("Study").is_valid({**study, "surprise": 1})
    assert not component("SearchRequest").is_valid({"query": {"gene": "a", "study": "b"}})
    assert not component("SearchRequest").is_valid({"query": {"gene": "a", "value": "b"}})
    assert not component("SearchRequest").is_valid({"region": {"x": "0:1"}})
    assert not component("SearchRequest").is_valid({"level": "well", "sort": "name"})
    component("SearchRequest").validate({"query": {"not": {"or": [{"key": "k", "value": "v", "prefix": True}, {"cell_line": "x", "exact": True}]}},
                                         "level": "image", "include": ["chunks"], "region": {"x": "0:1", "z": 3}})


# --- JSON answers ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, path", [
    ("/v1/studies", "/v1/studies"),
    ("/v1/studies?limit=1", "/v1/studies"),
    ("/v1/studies/idr0028", "/v1/studies/{id}"),
    ("/v1/studies/idr0038-held-kidneylightsheet", "/v1/studies/{id}"),
    ("/v1/studies/idr0094", "/v1/studies/{id}"),
    ("/v1/studies/idr0028/related", "/v1/studies/{id}/related"),
    ("/v1/studies/idr0094/related?limit=1", "/v1/studies/{id}/related"),
    ("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118", "/v1/images"),
    ("/v1/images?limit=3", "/v1/images"),
    ("/v1/images?sort=name&limit=5&array_level=1", "/v1/images"),
    ("/v1/images?study=idr0038&array_level=64", "/v1/images"),
    ("/v1/images?gene=nothing-of-the-sort", "/v1/images"),
    ("/v1/terms", "/v1/terms"),
    ("/v1/terms?kind=gene&prefix=ar&limit=100", "/v1/terms"),
    ("/v1/terms/gene/ARHGAP5", "/v1/terms/{kind}/{term}"),
    ("/v1/terms/phenotype/CMPO:0000118", "/v1/terms/{kind}/{term}"),
    ("/v1/terms/organism/9606?organism=human", "/v1/terms/{kind}/{term}"),
    ("/v1/crawls", "/v1/crawls"),
    ("/v1/crawls/1", "/v1/crawls/{id}"),
    ("/healthz", "/healthz"),
    ("/readyz", "/readyz"),
])
def test_json_answers_conform(demo, url, path):
    answer = get(demo, url)
    assert answer.status_code == 200
    conforms(answer, path)


def test_every_page_conforms(demo):
    for path, params in [("/v1/studies", {"limit": 1}), ("/v1/images", {"limit": 7, "sort": "name"}), ("/v1/crawls", {"limit": 1})]:
        pages, cursor = 0, None
        while True:
            body = conforms(get(demo, path, params={**params, **({"cursor": cursor} if cursor else {})}), path)
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert pages > 1 or path == "/v1/crawls"


@pytest.mark.parametrize("server", ["demo", "arrays_demo"])
def test_every_image_and_chunk_answer_conforms(server, request):
    base = request.getfixturevalue(server)
    ids = image_ids(base)
    if server == "demo":
        assert len(ids) == 34
    for image_id in ids:
        image = conforms(get(base, f"/v1/images/{image_id}"), "/v1/images/{id}")
        for label in image["labels"]:
            conforms(get(base, f"/v1/images/{label['id']}"), "/v1/images/{id}")
        for level in image["levels"]:
            conforms(get(base, f"/v1/images/{image_id}/chunks?level={level['level']}"), "/v1/images/{id}/chunks")
        region = "&".join(f"{axis['name']}=0:1" for axis in image["axes"])
        conforms(get(base, f"/v1/images/{image_id}/chunks?{region}"), "/v1/images/{id}/chunks")
    for level in (0, 1, 5):
        conforms(get(base, f"/v1/images?limit=1000&array_level={level}"), "/v1/images")


# --- POST /v1/search -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["image", "well", "plate", "study"])
def test_searches_at_every_level_conform(demo, level):
    sorts = ["natural"] if level == "well" else ["natural", "name"]
    for sort in sorts:
        body = {"level": level, "sort": sort, "facets": FACETS, "facet_limit": 3, "limit": 2}
        seen = 0
        while True:
            page = conforms(search(demo, body), "/v1/search", "post")
            assert page["level"] == level and page["sort"] == sort and set(page["facets"]) == set(FACETS)
            seen += len(page["items"])
            if not page["next_cursor"]:
                break
            body["cursor"] = page["next_cursor"]
        assert seen == page["total"] > 0


@pytest.mark.parametrize("query", [
    {"gene": "ARHGAP5"},
    {"and": [{"or": [{"gene": "ARHGAP5"}, {"gene": "RHOA"}]}, {"not": {"study": "idr0094"}}]},
    {"phenotype": "CMPO_0000118"},
    {"organism": "Homo", "prefix": True},
    {"key": "Gene Symbol"},
    {"key": "Gene Symbol", "value": "ARHGAP5", "exact": True},
    {"not": {"compound": "nothing-of-the-sort"}},
    {"study": "idr00", "prefix": True},
])
def test_queries_conform(demo, query):
    for level in ("image", "well", "plate", "study"):
        conforms(search(demo, {"query": query, "level": level, "facets": ["study", "gene"]}), "/v1/search", "post")


@pytest.mark.parametrize("server", ["demo", "arrays_demo"])
def test_searches_with_chunks_conform(server, request):
    base = request.getfixturevalue(server)
    for body in ({"include": ["chunks"], "limit": 1000},
                 {"include": ["chunks"], "region": {"x": "0:10", "y": 1}, "array_level": 1, "limit": 1000},
                 {"include": ["chunks"], "region": {"z": 3, "c": "0:"}, "limit": 1000},
                 {"include": ["chunks"], "region": {"x": "9999:"}, "limit": 1000}):
        page = conforms(search(base, body), "/v1/search", "post")
        assert page["items"] and all("chunks" in item for item in page["items"])
    problems = [item for item in page["items"] if item["chunks"] is None]
    assert problems and all(item["chunks_problem"] for item in problems)


# --- Exports -------------------------------------------------------------------------------------------------------

def columns(description):
    """The CSV and TSV columns a 200 response's description lists."""
    return re.search(r"columns ([a-z_, ]+?)\.", description).group(1).split(", ")


@pytest.mark.parametrize("path, url, item", [
    ("/v1/studies", "/v1/studies", "Study"),
    ("/v1/images", "/v1/images", "ImageHit"),
    ("/v1/images", "/v1/images?gene=ARHGAP5&sort=name&array_level=1", "ImageHit"),
])
def test_list_exports_conform(demo, path, url, item):
    separator = "&" if "?" in url else "?"
    everything = get(demo, url + separator + "limit=1000").json()["items"]
    description = DOCUMENT["paths"][path]["get"]["responses"]["200"]["description"]
    for request in ({"params": {"format": "ndjson"}}, {"headers": {"Accept": "application/x-ndjson"}},
                    {"headers": {"Accept": "application/jsonl"}}, {"headers": {"Accept": "text/html;q=0.9, application/ndjson"}}):
        answer = get(demo, url, **request)
        assert answer.headers["content-type"] == "application/x-ndjson"
        lines = conforms(answer, path)
        assert lines == everything
        for line in lines:
            component(item).validate(line)
    for request in ({"params": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
        answer = get(demo, url, **request)
        assert answer.headers["content-type"] == "text/csv; charset=utf-8; header=present"
        rows = conforms(answer, path)
        assert rows[0] == columns(description) and len(rows) == len(everything) + 1
    for request in ({"params": {"format": "tsv"}}, {"headers": {"Accept": "text/tab-separated-values"}}):
        answer = get(demo, url, **request)
        assert answer.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
        rows = conforms(answer, path)
        assert rows[0] == columns(description) and len(rows) == len(everything) + 1
    answer = get(demo, url + separator + "format=json", headers={"Accept": "text/csv"})
    assert conforms(answer, path)["items"] == everything[:100]
    # Exports start at the cursor: what follows the first page.
    first = get(demo, url + separator + "limit=1").json()
    if first["next_cursor"]:
        lines = conforms(get(demo, url + separator + f"format=ndjson&limit=1&cursor={first['next_cursor']}"), path)
        assert lines == everything[1:]


@pytest.mark.parametrize("level, item", [("image", "ImageHit"), ("well", "WellHit"), ("plate", "PlateHit"), ("study", "StudyHit")])
def test_search_exports_conform(demo, level, item):
    description = DOCUMENT["paths"]["/v1/search"]["post"]["responses"]["200"]["description"]
    body = {"level": level, "query": {"organism": "Homo sapiens"}, "facets": ["study"]}
    everything = search(demo, {**body, "limit": 1000}).json()["items"]
    lines = conforms(search(demo, body, "/v1/search?format=ndjson"), "/v1/search", "post")
    assert lines == everything
    for line in lines:
        component(item).validate(line)
    expected = re.search(rf"{level}: ([a-z_, ]+?)[;)]", description).group(1).split(", ")
    for url, headers in (("/v1/search?format=csv", {}), ("/v1/search", {"Accept": "text/tab-separated-values"})):
        rows = conforms(search(demo, body, url, headers=headers), "/v1/search", "post")
        assert rows[0] == expected and len(rows) == len(everything) + 1


def test_compressed_answers_conform(demo):
    for answer in (get(demo, "/v1/images?limit=1000", headers={"Accept-Encoding": "gzip"}),
                   get(demo, "/v1/images?format=ndjson", headers={"Accept-Encoding": "gzip"}),
                   search(demo, {"level": "well"}, headers={"Accept-Encoding": "gzip"})):
        assert answer.headers["content-encoding"] == "gzip"
        path, method = urlsplit(answer.url).path, answer.request.method.lower()
        conforms(answer, path, method)


# --- Headers, caching and the other operations -----------------------------------------------------------------

def test_revalidation_conforms(demo):
    for url, path in [("/v1/studies", "/v1/studies"), ("/v1/images/nope", "/v1/images/{id}"),
                      ("/v1/crawls", "/v1/crawls"), ("/v1/images?format=csv", "/v1/images")]:
        first = get(demo, url)
        conforms(first, path)
        for tag in (first.headers.get("etag"), "*"):
            if tag is None:
                continue
            again = get(demo, url, headers={"If-None-Match": tag})
            assert again.status_code == 304
            conforms(again, path)
            assert again.headers["etag"] == first.headers.get("etag", again.headers["etag"])
        assert get(demo, url, headers={"If-None-Match": 'W/"0-stale"'}).status_code == first.status_code


def test_request_ids_are_echoed(demo):
    answer = get(demo, "/v1/studies", headers={"X-Request-Id": "client-42"})
    assert conforms(answer, "/v1/studies") and answer.headers["x-request-id"] == "client-42"
    answer = get(demo, "/healthz", headers={"X-Request-Id": "not usable!"})
    assert conforms(answer, "/healthz") and answer.headers["x-request-id"] != "not usable!"


def test_metrics_conform(demo):
    answer = get(demo, "/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    text = conforms(answer, "/metrics")
    assert "# TYPE tessera_catalog_version counter" in text and "tessera_crawl_runs_total{" in text


def test_objects_conform(demo):
    chunk_url = search(demo, {"include": ["chunks"], "limit": 1}).json()["items"][0]["chunks"]["items"][0]["url"]
    path = urlsplit(chunk_url).path
    whole = requests.get(chunk_url, timeout=10)
    assert whole.status_code == 200 and conforms(whole, "/data/{key}") is not None
    assert conforms(requests.head(chunk_url, timeout=10), "/data/{key}", "head") is None
    part = requests.get(chunk_url, headers={"Range": "bytes=-4"}, timeout=10)
    assert part.status_code == 206 and part.content == whole.content[-4:]
    conforms(part, "/data/{key}")
    beyond = requests.get(chunk_url, headers={"Range": f"bytes={len(whole.content)}-"}, timeout=10)
    assert beyond.status_code == 416
    conforms(beyond, "/data/{key}")
    for missing in (path + "-nope", "/data/" + path.split("/")[2]):
        conforms(requests.get(demo + missing, timeout=10), "/data/{key}")


# --- Problems --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, path, status", [
    ("/v1/studies/idr9999", "/v1/studies/{id}", 404),
    ("/v1/studies/idr0028?x=1", "/v1/studies/{id}", 400),
    ("/v1/studies?limit=1001", "/v1/studies", 400),
    ("/v1/studies?cursor=nonsense", "/v1/studies", 400),
    ("/v1/studies?format=xml", "/v1/studies", 400),
    ("/v1/studies/idr9999/related", "/v1/studies/{id}/related", 404),
    ("/v1/studies/idr0028/related?limit=101", "/v1/studies/{id}/related", 400),
    ("/v1/images?limit=0", "/v1/images", 400),
    ("/v1/images?gene=", "/v1/images", 400),
    ("/v1/images?study=a&study=b", "/v1/images", 400),
    ("/v1/images?sort=size", "/v1/images", 400),
    ("/v1/images?array_level=65", "/v1/images", 400),
    ("/v1/images?unknown=1", "/v1/images", 400),
    ("/v1/images/nope", "/v1/images/{id}", 404),
    ("/v1/images/nope/chunks", "/v1/images/{id}/chunks", 404),
    ("/v1/terms?kind=colour", "/v1/terms", 400),
    ("/v1/terms?limit=0", "/v1/terms", 400),
    ("/v1/terms/colour/red", "/v1/terms/{kind}/{term}", 400),
    ("/v1/terms/gene/NOSUCHGENE", "/v1/terms/{kind}/{term}", 404),
    ("/v1/crawls?limit=0", "/v1/crawls", 400),
    ("/v1/crawls/999", "/v1/crawls/{id}", 404),
    ("/v1/crawls/x", "/v1/crawls/{id}", 404),
    ("/v1/crawls/1?x=1", "/v1/crawls/{id}", 400),
])
def test_problems_conform(demo, url, path, status):
    answer = get(demo, url)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    conforms(answer, path)


def test_chunk_problems_conform(demo):
    image = get(demo, "/v1/images/" + image_ids(demo)[0]).json()
    axis = image["axes"][-1]["name"]
    for query in ("level=99", f"{axis}=5:2", f"{axis}=99999:", "w=0", f"{axis}=0&{axis}=1"):
        answer = get(demo, f"/v1/images/{image['id']}/chunks?{query}")
        assert answer.status_code == 400, query
        conforms(answer, "/v1/images/{id}/chunks")


@pytest.mark.parametrize("url, path", [("/v1/studies", "/v1/studies"), ("/v1/images", "/v1/images")])
def test_unacceptable_lists_conform(demo, url, path):
    for accept in ("image/png", "text/html, application/xml;q=0.9"):
        answer = get(demo, url, headers={"Accept": accept})
        assert answer.status_code == 406
        conforms(answer, path)
    assert get(demo, url, headers={"Accept": "text/html, */*;q=0.1"}).headers["content-type"] == "application/json"


@pytest.mark.parametrize("body, pointers", [
    ([], [""]),
    ({"query": {"gene": "a", "study": "b"}}, ["/query"]),
    ({"query": {"and": []}}, ["/query/and"]),
    ({"query": {"or": [{"gene": " "}, {"colour": "red"}]}}, ["/query/or/0/gene", "/query/or/1/colour"]),
    ({"query": {"not": {"gene": "x" * 257}}}, ["/query/not/gene"]),
    ({"query": {"gene": "a", "value": "b"}}, ["/query/value"]),
    ({"query": {"gene": "a", "exact": "yes"}}, ["/query/exact"]),
    ({"level": "cell", "facets": ["colour"], "limit": 0, "facet_limit": 101, "array_level": -1}, ["/array_level", "/facet_limit", "/facets/0", "/level", "/limit"]),
    ({"level": "well", "sort": "name"}, ["/sort"]),
    ({"region": {"x": "0:1"}}, ["/region"]),
    ({"include": ["chunks"], "level": "study"}, ["/include"]),
    ({"include": ["labels"], "region": [], "cursor": 5}, ["/cursor", "/include", "/region"]),
    ({"surprise": 1}, ["/surprise"]),
    ({"query": {"and": [{"not": {"and": [{"not": {"and": [{"not": {"and": [{"not": {"gene": "a"}}]}}]}}]}}]}}, ["/query/and/0/not/and/0/not/and/0/not/and/0/not"]),
])
def test_invalid_searches_conform(demo, body, pointers):
    answer = search(demo, body)
    assert answer.status_code == 400
    problem = conforms(answer, "/v1/search", "post")
    assert sorted(error["pointer"] for error in problem["errors"]) == pointers


def test_other_search_problems_conform(demo):
    # Not JSON at all; a cursor of another list; include in an export; a query string; a region of too many chunks.
    answer = requests.post(demo + "/v1/search", data=b"{nope", timeout=10)
    assert answer.status_code == 400 and conforms(answer, "/v1/search", "post")["errors"] == [{"pointer": "", "detail": "not JSON"}]
    cursor = get(demo, "/v1/images?limit=1").json()["next_cursor"]
    cursors = [cursor, search(demo, {"level": "plate", "limit": 1}).json()["next_cursor"]]
    for body in ({"cursor": cursors[0]}, {"cursor": cursors[1]}, {"cursor": "bm9wZQ"}):
        answer = search(demo, body)
        assert answer.status_code == 400
        conforms(answer, "/v1/search", "post")
    for answer in (search(demo, {"include": ["chunks"]}, "/v1/search?format=csv"), search(demo, {}, "/v1/search?limit=1"),
                   search(demo, {}, "/v1/search?format=yaml")):
        assert answer.status_code == 400
        conforms(answer, "/v1/search", "post")
    answer = search(demo, {}, headers={"Accept": "application/xml"})
    assert answer.status_code == 406
    conforms(answer, "/v1/search", "post")


def test_oversized_searches_conform(demo):
    answer = search(demo, {"query": {"or": [{"gene": "x" * 200}] * 400}})
    assert len(answer.request.body) > 64 * 1024
    assert answer.status_code == 413
    conforms(answer, "/v1/search", "post")
    assert search(demo, {"query": {"or": [{"gene": "x" * 200}] * 300}}).status_code == 400  # under the limit: too many conditions


def test_crawls_are_forbidden_on_the_demo(demo):
    for headers in ({}, {"Authorization": "Bearer guess"}):
        answer = requests.post(demo + "/v1/crawls", json={"job": "demo"}, headers=headers, timeout=10)
        assert answer.status_code == 403
        conforms(answer, "/v1/crawls", "post")


# --- A server with an admin token and a rate limit ---------------------------------------------------------

@pytest.fixture(scope="module")
def empty_catalog(tmp_path_factory):
    database = f"sqlite:{tmp_path_factory.mktemp('openapi')}/catalog.sqlite"
    migrate = subprocess.run([str(tessera_binary()), "migrate", "--db", database], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stderr
    return database


@pytest.fixture(scope="module")
def admin_server(empty_catalog):
    yield from run_server(["serve", "--db", empty_catalog, "--crawl-job", "examples=Examples"], "tessera serve",
                          env={"TESSERA_ADMIN_TOKEN": "test-token"})


def test_crawl_starts_conform(admin_server):
    token = {"Authorization": "Bearer test-token"}
    for headers, body, status in [
        ({}, {"job": "examples"}, 401),
        ({"Authorization": "Bearer nope"}, {"job": "examples"}, 401),
        (token, {"job": "elsewhere"}, 404),
        (token, {"job": "examples", "full": "yes"}, 400),
        (token, {"jobs": "examples"}, 400),
        (token, {"job": "examples", "padding": "x" * 5000}, 413),
    ]:
        answer = requests.post(admin_server + "/v1/crawls", json=body, headers=headers, timeout=30)
        assert answer.status_code == status, answer.text
        conforms(answer, "/v1/crawls", "post")
    answer = requests.post(admin_server + "/v1/crawls?full=true", json={"job": "examples"}, headers=token, timeout=30)
    assert answer.status_code == 400 and conforms(answer, "/v1/crawls", "post")
    answer = requests.post(admin_server + "/v1/crawls", json={"job": "examples", "full": True}, headers=token, timeout=60)
    assert answer.status_code == 202, answer.text
    run = conforms(answer, "/v1/crawls", "post")
    assert answer.headers["location"] == f"/v1/crawls/{run['id']}"
    deadline = time.monotonic() + 120
    while conforms(get(admin_server, answer.headers["location"]), "/v1/crawls/{id}")["status"] == "running":
        assert time.monotonic() < deadline, "the crawl did not finish"
        time.sleep(0.5)
    conforms(get(admin_server, "/v1/crawls"), "/v1/crawls")


@pytest.fixture(scope="module")
def limited_server(empty_catalog):
    yield from run_server(["serve", "--db", empty_catalog, "--rate-limit", "0.01"], "tessera serve")


def test_rate_limited_answers_conform(limited_server):
    for url, path in [("/v1/studies", "/v1/studies"), ("/openapi.json", "/openapi.json"), ("/v1/terms", "/v1/terms")]:
        statuses = []
        for _ in range(4):
            answer = get(limited_server, url)
            statuses.append(answer.status_code)
            conforms(answer, path)
        assert 429 in statuses
    answer = search(limited_server, {})
    assert answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1
    conforms(answer, "/v1/search", "post")
    for url, path in [("/healthz", "/healthz"), ("/readyz", "/readyz"), ("/metrics", "/metrics")]:
        for _ in range(4):
            answer = get(limited_server, url)
            assert answer.status_code == 200
            conforms(answer, path)


def test_database_failures_conform(tmp_path):
    """A catalog whose file is gone from under the server gives 503 problems."""
    database = tmp_path / "catalog.sqlite"
    migrate = subprocess.run([str(tessera_binary()), "migrate", "--db", f"sqlite:{database}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stderr
    server = run_server(["serve", "--db", f"sqlite:{database}"], "tessera serve")
    base = next(server)
    try:
        database.write_bytes(b"")
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        for url, path in [("/v1/studies", "/v1/studies"), ("/v1/images/x", "/v1/images/{id}"), ("/v1/terms", "/v1/terms"),
                          ("/metrics", "/metrics")]:
            answer = get(base, url)
            assert answer.status_code == 503, (url, answer.status_code)
            conforms(answer, path)
        answer = search(base, {})
        assert answer.status_code == 503
        conforms(answer, "/v1/search", "post")
        conforms(get(base, "/readyz"), "/readyz")
        conforms(get(base, "/healthz"), "/healthz")
    finally:
        server.close()
