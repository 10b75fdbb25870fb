"""The README's cross-study examples quote what the demo answers.

Each `$ curl 'http://127.0.0.1:8080/v1/images?…'` (or `/v1/terms…`, `/v1/studies/…/related`) line of the README is
asked of the demo over the example studies. Its comment's claims hold: a leading status (`# 404: …`), `N images`
(for image lists, the whole list) and `wells A1 A2 …` (the wells of those images). So does every `"key": value`
quoted in the answer lines under it: somewhere in the real answer that key has that value (strings cut short with
`...` are not compared; URLs are the demo's).
"""
import json
import re

import pytest
import requests

from conftest import ROOT

README_BASE = "http://127.0.0.1:8080"
CURL = re.compile(r"^\$ curl '" + re.escape(README_BASE)
                  + r"(/v1/(?:images\?|terms|studies/[^/?]+/related)[^']*)'\s*(?:#\s*(?P<comment>.*))?$")
PAIR = re.compile(r'"(\w+)": ("(?:[^"\\]|\\.)*"|-?\d+|null|true|false|\[\])')


def readme_examples():
    """(path, comment, quoted answer) of each cross-study curl line of the README."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    examples = []
    for number, line in enumerate(lines):
        match = CURL.match(line)
        if not match:
            continue
        answer = []
        for following in lines[number + 1:]:
            if not following.strip() or following.startswith(("$ ", "```")):
                break
            answer.append(following)
        examples.append((match.group(1), match.group("comment") or "", "\n".join(answer)))
    return examples


EXAMPLES = readme_examples()


def scalar_pairs(value, found):
    """Every (key, value as JSON text) of a JSON answer whose value is a scalar or an empty list, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                scalar_pairs(item, found)
            else:
                found.add((key, json.dumps(item, ensure_ascii=False)))
    elif isinstance(value, list):
        for item in value:
            scalar_pairs(item, found)
    return found


def get_all(base, path):
    """The answer to `path`, and for JSON image lists every item, page after page."""
    response = requests.get(base + path, timeout=60)
    if (response.status_code != 200 or not path.startswith("/v1/images?")
            or response.headers["Content-Type"] != "application/json"):
        return response, None
    items, page = [], response.json()
    while True:
        items += page["items"]
        if page["next_cursor"] is None:
            return response, items
        page = requests.get(f"{base}{path}&cursor={page['next_cursor']}", timeout=60).json()


def test_the_readme_shows_cross_study_examples():
    paths = [path for path, _, _ in EXAMPLES]
    assert any(path.startswith("/v1/images?") for path in paths)
    assert any(path.startswith("/v1/terms/") for path in paths)
    assert any(path.endswith("/related") for path in paths)


@pytest.mark.parametrize("path, comment, answer", EXAMPLES, ids=[path for path, _, _ in EXAMPLES])
def test_readme_answers_are_the_demos(demo, path, comment, answer):
    response, images = get_all(demo, path)
    status = re.match(r"(\d{3})\b", comment)
    assert response.status_code == (int(status.group(1)) if status else 200), response.text
    if images is not None:
        count = re.search(r"\b(\d+) images?\b", comment)
        if count:
            assert len(images) == int(count.group(1))
        wells = re.search(r"\bwells? ((?:[A-P]\d{1,2}\b[ ,]*)+)", comment)
        if wells:
            assert {image["well"] for image in images} == set(re.findall(r"[A-P]\d{1,2}", wells.group(1)))
    if answer:
        real = scalar_pairs(response.json(), set())
        quoted = {(key, value.replace(README_BASE, demo)) for key, value in PAIR.findall(answer) if "..." not in value}
        assert quoted, answer
        assert quoted - real == set()
