"""requirements.lock, what ./dev installs, agrees with the ranges in pyproject.toml."""

import re
import tomllib
from importlib import metadata

import pytest

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sitekit import ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def locked() -> dict[str, str]:
    """Each pinned package's version; every pin carries at least one hash."""
    pins, current = {}, None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif line.strip().startswith("--hash=sha256:") and current:
            pins[current + " hashed"] = "yes"
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_every_declared_dependency_is_locked_within_its_range():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's {requirement}")


def test_the_build_backend_is_locked_within_its_range():
    """./dev builds the project's editable install with the locked backend, not one fetched."""
    pins = locked()
    for text in tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins and requirement.specifier.contains(pins[name]), (text, pins.get(name))


def test_every_pin_is_exact_and_hashed():
    pins = locked()
    names = [name for name in pins if not name.endswith(" hashed")]
    assert len(names) >= len(declared())
    assert all(f"{name} hashed" in pins for name in names), [n for n in names if f"{n} hashed" not in pins]


@pytest.mark.slow
def test_the_environment_running_the_tests_is_the_lock():
    """./dev installed exactly the locked versions (packages whose marker excludes this platform aside)."""
    pins = {name: version for name, version in locked().items() if not name.endswith(" hashed")}
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    assert {name: installed.get(name) for name in pins if name in installed} == {
        name: version for name, version in pins.items() if name in installed}
    assert all(canonicalize_name(r.name) in installed for r in declared() if r.marker is None or r.marker.evaluate())
