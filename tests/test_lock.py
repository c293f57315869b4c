"""requirements.lock, what ./dev installs, agrees with the ranges in pyproject.toml."""

import subprocess
import sys
import tomllib
from importlib import metadata

import pytest

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from sitekit import ROOT
from tasks.environment import PIN, beyond_the_lock


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
    # ... and nothing the lock does not pin (./dev removes what a new lock dropped).
    assert beyond_the_lock((ROOT / "requirements.lock").read_text(), installed) == []


def test_what_the_lock_no_longer_pins_is_found_for_removal():
    lock = ("# ./dev upgrade\nJinja2==3.1.6 \\\n    --hash=sha256:00\nmarkupsafe==3.0.2 \\\n    --hash=sha256:11\n"
            "zope.interface==7.2 ; sys_platform == 'linux' \\\n    --hash=sha256:22\n")
    installed = ["jinja2", "MarkupSafe", "Zope_Interface", "pip", "toandan", "Unidecode", "old.dropped_package"]
    assert beyond_the_lock(lock, installed) == ["old-dropped-package", "unidecode"]


def test_dev_removes_what_the_lock_no_longer_pins(tmp_path):
    """The module ./dev runs after installing the lock prints the installed packages it does not pin."""
    lock = tmp_path / "requirements.lock"
    lock.write_text((ROOT / "requirements.lock").read_text().replace("\nwhoosh-reloaded==", "\nnot-whoosh=="))
    found = subprocess.run([sys.executable, "tasks/environment.py", str(lock)], cwd=ROOT, check=True,
                           capture_output=True, text=True)
    assert found.stdout.split() == ["whoosh-reloaded"] and found.stderr == ""
    assert "python tasks/environment.py requirements.lock" in (ROOT / "dev").read_text()
