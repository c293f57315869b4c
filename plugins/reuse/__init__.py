"""Reuse: pages whose inputs did not change are linked from the previous build, not rendered."""

from pathlib import Path

from pelican import signals

import toandan
from toandan.accelerate.pelican import writer_ready
from toandan.building.hooks import RECORDS_SAVED_BEHIND_SETTING
from toandan.building.diskcache import sources

from .writer import Reuse, writer_class


def _code(pelican) -> list[Path]:
    """The templates, plugins and shared modules that shape a rendered page."""
    templates = Path(pelican.theme) / "templates"
    plugins = [Path(p) for p in pelican.settings.get("PLUGIN_PATHS", []) if Path(p).is_dir()]
    return sorted(p for p in templates.rglob("*") if p.is_file()) + sources(Path(toandan.__file__).parent, *plugins)


def new_reuse(pelican) -> Reuse:
    return Reuse(pelican.settings, _code(pelican))


def get_writer(pelican):
    if not writer_ready(pelican.settings):
        return None  # Pelican's own writer: every page rendered
    pelican.reuse = new_reuse(pelican)
    return writer_class(pelican.reuse)


def save(pelican) -> None:
    if (reuse := getattr(pelican, "reuse", None)) and not pelican.settings.get(RECORDS_SAVED_BEHIND_SETTING):
        reuse.save(pelican.output_path)


def register():
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save)
