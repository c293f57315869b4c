"""Build the site atomically: a failed build leaves the published output as it was.

output/ is a symbolic link to one finished build under .output-builds/; a new
build is written beside it and the link is swapped in one rename.
"""

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from pelican import Pelican, signals
from pelican.log import console as pelican_console, init as init_logging
from pelican.settings import read_settings

from toandan.accelerate.pelican import generator_classes
from toandan.building.atomic import prune, swap_link
from toandan.building.hooks import READ_ONLY_SETTING
from toandan.building.lock import build_turn
from toandan.building.problems import ContentError, Problem
from toandan.building.templating import compiled_once

KEEP_BUILDS = 2  # the published build and the one before it, for a quick rollback


def load_settings(settings_file: Path | str, **overrides) -> dict:
    """Pelican settings from a file, with overrides such as OUTPUT_PATH."""
    return read_settings(str(settings_file), override=overrides or None)


def quiet_logging(level: int = logging.WARNING) -> None:
    """Pelican's warnings and errors on standard error; not its own console lines (its English
    "Done: Processed ..." summary), which the tasks say in Vietnamese with their own
    (tasks/building.py, say_built). Pelican logs through the console it prints on: its log lines
    get a handler of their own."""
    pelican_console.quiet = True
    init_logging(level=level, handler=logging.StreamHandler(sys.stderr))


def read_site(settings_file: Path | str) -> list:
    """Read and validate all content as a build would, writing nothing; answers the generators.

    Raises ContentError when the content has problems. Plugins that start work for the output
    at the end of reading (the search index, the cards) start none (reading_only).
    """
    pelican = Pelican(load_settings(settings_file, **{READ_ONLY_SETTING: True}))
    context = pelican.settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={},
                   localsiteurl=pelican.settings["SITEURL"])
    with compiled_once():
        generators = [
            cls(context=context, settings=pelican.settings, path=pelican.path,
                theme=pelican.theme, output_path=pelican.output_path)
            for cls in generator_classes(pelican)
        ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    return generators


def check(settings_file: Path | str) -> list[Problem]:
    """Every problem the content has; empty when a build would succeed."""
    try:
        read_site(settings_file)
    except ContentError as error:
        return error.problems
    return []


def build(settings_file: Path | str, output: Path | str, **overrides) -> Path:
    """Build into a fresh directory, then publish it at output in one atomic swap.

    Raises ContentError (or whatever Pelican raised) with output untouched.
    """
    with build_turn(settings_file):  # one build of the site at a time, across processes
        return _build(settings_file, Path(output).absolute(), overrides)


def _build(settings_file: Path | str, output: Path, overrides: dict) -> Path:
    builds = output.parent / f".{output.name}-builds"
    builds.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="build-", dir=builds))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must read it
    try:
        settings = load_settings(settings_file, OUTPUT_PATH=str(staging), **overrides)
        with compiled_once():
            Pelican(settings).run()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_link(output, staging)
    prune(builds, current=staging, keep=KEEP_BUILDS)
    return staging
