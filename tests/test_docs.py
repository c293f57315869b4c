"""Docs as tests: every task, front matter field and setting is in the README."""

import pytest

import tasks
from sitekit import ROOT
from content_model.document import ARTICLE_FIELDS
from content_model.reader import ContentModelSettings
from content_model.registry import AGGREGATES
from images import ImagesSettings
from roundup import RoundupSettings
from search_index import SearchSettings
from invoke import Collection

README = (ROOT / "README.md").read_text(encoding="utf-8")
TASKS = sorted(Collection.from_module(tasks).task_names)


@pytest.mark.parametrize("name", TASKS)
def test_every_task_is_documented(name):
    assert f"./dev {name}" in README


@pytest.mark.parametrize("field", sorted(ARTICLE_FIELDS))
def test_every_front_matter_field_is_documented(field):
    assert f"`{field}`" in README


@pytest.mark.parametrize("rule", sorted(AGGREGATES))
def test_every_aggregation_rule_is_documented(rule):
    assert f"`{rule}`" in README


@pytest.mark.parametrize("setting, fields", [
    ("CONTENT_MODEL", ContentModelSettings.__dataclass_fields__),
    ("IMAGES", ImagesSettings.__dataclass_fields__),
    ("SEARCH", SearchSettings.__dataclass_fields__),
    ("ROUNDUP", RoundupSettings.__dataclass_fields__),
])
def test_plugin_settings_are_documented(setting, fields):
    for name in fields:
        assert f"| `{setting}` | `{name}` |" in README


def test_ci_runs_the_readme_test_command():
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()
    assert "./dev test" in README and "./dev serve" in README


def test_every_endpoint_route_and_setting_is_documented():
    from endpoint.app import API
    from endpoint.config import ENVIRONMENT, Config

    for route in API:
        for method in route.methods - {"HEAD"}:
            assert f"`{method} /api{route.path}" in README, (method, route.path)
    for variable in ENVIRONMENT:
        assert f"`{variable}`" in README, variable
    assert len(ENVIRONMENT) == len(Config.__dataclass_fields__)
