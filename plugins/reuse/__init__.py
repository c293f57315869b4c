"""Reuse: pages whose inputs did not change are linked from the previous build, not rendered."""

from pathlib import Path

from pelican import signals

from .writer import Reuse, ReusingWriter

ROOT = Path(__file__).resolve().parent.parent.parent


def _code(pelican) -> list[Path]:
    """The templates, plugins and shared modules that shape a rendered page."""
    folders = [Path(pelican.theme) / "templates", ROOT / "toandan"]
    folders += [Path(p) for p in pelican.settings.get("PLUGIN_PATHS", [])]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*")
                  if p.is_file() and p.suffix in (".py", ".html", ".xml", ".txt") and "bench" not in p.parts)


def get_writer(pelican):
    pelican.reuse = Reuse(pelican.settings, _code(pelican))
    return type("ReusingWriter", (ReusingWriter,), {"reuse": pelican.reuse})


def save(pelican) -> None:
    if reuse := getattr(pelican, "reuse", None):
        reuse.save(pelican.output_path)


def register():
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save)
