"""Namespaced plugin settings, read once into frozen dataclasses."""

import dataclasses
from typing import TypeVar

T = TypeVar("T")


class SettingsError(ValueError):
    """A plugin setting that is misspelt or of the wrong type."""


def plugin_settings(cls: type[T], settings: dict, name: str) -> T:
    """Build cls from settings[name]; reject unknown keys, naming the plugin."""
    given = settings.get(name) or {}
    if not isinstance(given, dict):
        raise SettingsError(f"{name} phải là một dict, ví dụ {name} = {{...}}")
    known = {f.name for f in dataclasses.fields(cls)}
    if unknown := set(given) - known:
        raise SettingsError(
            f"{name}: không có khóa {', '.join(sorted(unknown))}; các khóa hợp lệ: {', '.join(sorted(known))}"
        )
    return cls(**given)
