"""Accelerators: faster paths through libraries' internals, each with the library's own path as
its fallback.

Each module here is the one place that reaches into one library's private parts or replaces one of
its functions or class attributes. Before an accelerator is used, its module checks that what it
needs is there in the form it needs (the attribute, the signature, an installed version in the
range it was checked against); if not, the build takes the library's public path, correct and
slower, and one Vietnamese line says which accelerator is off and why.

ACCELERATE = False in the Pelican settings, or TOANDAN_ACCELERATE=0 in the environment, turns
every accelerator off at once; TOANDAN_ACCELERATE_OFF=name,name turns off only those named (a
library's name, "pelican", names all of its accelerators), to measure what each one gains.
"""

import os
import re
import sys
from collections.abc import Callable
from importlib import metadata

SETTING = "ACCELERATE"
ENVIRONMENT = "TOANDAN_ACCELERATE"
ENVIRONMENT_OFF = "TOANDAN_ACCELERATE_OFF"
OFF_WORDS = {"0", "off", "false", "no", "khong", "không"}

_told: set[tuple[str, str]] = set()  # notices printed in this process, once each
_checked: dict[str, str | None] = {}  # each accelerator's check, made once in this process: why not, or None


def enabled(settings: dict | None = None) -> bool:
    """Whether accelerators may run at all: neither the environment nor the settings turn them off."""
    if os.environ.get(ENVIRONMENT, "").strip().lower() in OFF_WORDS:
        return False
    return settings is None or bool(settings.get(SETTING, True))


def turned_off(name: str) -> bool:
    """Whether the accelerator `name` is turned off on purpose by name (TOANDAN_ACCELERATE_OFF):
    "pelican.writer" by itself, or with every other accelerator of its library by "pelican"."""
    named = {word.strip().lower() for word in os.environ.get(ENVIRONMENT_OFF, "").split(",") if word.strip()}
    return name.lower() in named or name.split(".")[0].lower() in named


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def version_problem(distribution: str, checked: tuple[str, str]) -> str | None:
    """Why the installed version is not one the accelerator was checked against, or None."""
    try:
        installed = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return f"không tìm thấy gói {distribution}"
    low, below = checked
    if not _release(low) <= _release(installed) < _release(below):
        return f"{distribution} {installed} nằm ngoài khoảng đã kiểm tra ({low} đến dưới {below})"
    return None


def ready(name: str, distribution: str, checked: tuple[str, str], needs: Callable[[], str | None],
          settings: dict | None = None) -> bool:
    """Whether the accelerator `name` may run: accelerators are on, the installed distribution is in
    the checked range and needs() finds nothing missing (it answers why not, or None). When not,
    says so once in this process, unless every accelerator was turned off on purpose."""
    if not enabled(settings) or turned_off(name):
        return False
    if name not in _checked:
        try:  # distribution "": not an installed package (the interpreter); needs() checks the version
            _checked[name] = (distribution and version_problem(distribution, checked)) or needs()
        except Exception as error:  # noqa: BLE001 - a check that cannot look is a failed check
            _checked[name] = f"không kiểm tra được ({type(error).__name__}: {error})"
    if (problem := _checked[name]) is None:
        return True
    notice(name, problem)
    return False


def check_again() -> None:
    """Forget the checks made (a library changed in this process: tests simulate one that moved)."""
    _checked.clear()
    _told.clear()


def notice(name: str, problem: str) -> None:
    """One line on standard error: which accelerator is off and why (once per process)."""
    if (name, problem) in _told:
        return
    _told.add((name, problem))
    print(f"Tăng tốc {name} tắt: {problem}; dùng cách thông thường của thư viện (đúng, chậm hơn).",
          file=sys.stderr, flush=True)


def missing_attribute(owner, name: str) -> str | None:
    """'owner has no name', or None."""
    if hasattr(owner, name):
        return None
    return f"{getattr(owner, '__name__', owner)} không còn {name}"


def signature_problem(function, parameters: tuple[str, ...]) -> str | None:
    """Why function's parameters are not these names in this order, or None."""
    import inspect

    found = tuple(inspect.signature(function).parameters)
    if found != parameters:
        return f"{getattr(function, '__qualname__', function)} nay nhận ({', '.join(found)}), khác ({', '.join(parameters)})"
    return None
