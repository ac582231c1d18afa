"""The reference-data endpoints: localised texts, and every figure with its provenance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.knowledge.loader import reference
from tests.api.conftest import bearer_client
from tests.personas import Personas

ENDPOINTS = {
    "criteria": "criteria.yaml",
    "implementation-models": "implementation_models.yaml",
    "provider-types": "provider_types.yaml",
    "sourcing-channels": "sourcing_channels.yaml",
    "department-budget": "department_budget.yaml",
    "sources": "sources.yaml",
}


@pytest.fixture
def client(personas: Personas) -> Client:
    return bearer_client(personas.viewer)


def _figures(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if {"formatted", "source", "as_of"} <= set(node):
            yield node
        for value in node.values():
            yield from _figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _figures(value)


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_reference_endpoint_per_language(client: Client, endpoint: str, lang: str) -> None:
    response = client.get(f"/api/v1/reference/{endpoint}", {"lang": lang})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == lang
    assert body["version"] == reference().versions[ENDPOINTS[endpoint]]
    assert body["items"]
    assert all(item["key"] for item in body["items"])


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_dutch_is_the_default(client: Client, endpoint: str) -> None:
    assert client.get(f"/api/v1/reference/{endpoint}").json()["lang"] == "nl"


@pytest.mark.parametrize("lang", ["fr", "NL", "", "en-GB"])
def test_unsupported_language_is_422(client: Client, lang: str) -> None:
    response = client.get("/api/v1/reference/criteria", {"lang": lang})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "lang"]


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_every_figure_carries_its_provenance(client: Client, lang: str) -> None:
    ref = reference()
    seen = 0
    for endpoint in ENDPOINTS:
        for fig in _figures(client.get(f"/api/v1/reference/{endpoint}", {"lang": lang}).json()):
            seen += 1
            source = ref.source(fig["source"]["key"])
            assert fig["source"]["title"] == source.title.get(lang)
            assert fig["as_of"]
            assert fig["formatted"]
            assert fig["label"]
            assert fig["value"] is not None or (fig["low"] is not None and fig["high"] is not None)
    assert seen == len(list(ref.all_figures()))


def test_texts_follow_the_language(client: Client) -> None:
    ref = reference()
    first = ref.criteria[0]
    for lang in ("nl", "en", "de"):
        item = client.get("/api/v1/reference/criteria", {"lang": lang}).json()["items"][0]
        assert item["key"] == first.key
        assert item["name"] == first.name.get(lang)
        assert item["check_items"] == [text.get(lang) for text in first.check_items]
        assert [level["score"] for level in item["rubric"]] == [1, 3, 5]
        assert item["rubric"][2]["description"] == first.rubric.excellent.get(lang)


def test_figures_are_formatted_for_the_language(client: Client) -> None:
    ref = reference()
    share = ref.provider_types[0].share
    for lang in ("nl", "en", "de"):
        item = client.get("/api/v1/reference/provider-types", {"lang": lang}).json()["items"][0]
        assert item["share"]["formatted"] == share.format(lang)
        assert item["share"]["value"] == share.value
        assert item["share"]["unit"] == "percent"


def test_criteria_include_the_seven_and_price(client: Client) -> None:
    items = client.get("/api/v1/reference/criteria").json()["items"]
    assert len([i for i in items if not i["is_price"]]) == 7
    assert len([i for i in items if i["is_price"]]) == 1


def test_implementation_models_carry_the_file_texts(client: Client) -> None:
    body = client.get("/api/v1/reference/implementation-models", {"lang": "en"}).json()
    assert body["typical_path"] == reference().typical_path.get("en")
    assert all("share" in item for item in body["items"])


def test_sources_carry_caveats(client: Client) -> None:
    items = client.get("/api/v1/reference/sources", {"lang": "de"}).json()["items"]
    assert {item["key"] for item in items} == {s.key for s in reference().sources}
    assert all(item["caveat"] for item in items)


def test_reference_needs_authentication(db: None) -> None:
    assert Client().get("/api/v1/reference/criteria").status_code == 401
