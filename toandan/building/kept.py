"""One finished build kept in memory: its generators, page records, where it was published, and
what updates in place have changed since it was saved (toandan.building.snapshot)."""

import os
from pathlib import Path

from toandan.building import snapshot


def kept_from_text(generator) -> dict:
    """What a generator that keeps what it made from text (text_changed) holds apart from the
    content, and from the build's context and settings (which an update changes only through the
    content): what an update may change of it besides the content."""
    return {name: value for name, value in snapshot.generator_state(generator).items()
            if name not in ("context", "settings")}


class KeptBuild:
    """One finished build: its generators, its page records, and where it was published."""

    def __init__(self, generators: list, reuse, published: Path, base: str = "",
                 edits: snapshot.Edits | None = None):
        self.generators = generators
        self.reuse = reuse
        self.published = published
        # The snapshot on disk it extends, and what the updates in place since changed (toandan.building.snapshot).
        self.base = base
        self.edits = edits or snapshot.Edits()
        self.settings = generators[0].settings
        self.by_source = {  # by absolute path, as Pelican gives it; the real path of each takes seconds
            content.source_path: (content, generator)
            for generator in generators
            for content in getattr(generator, "articles", []) + getattr(generator, "pages", [])
        }
        self._by_real_path: dict | None = None

    def content_of(self, path: Path | str) -> tuple | None:
        """The kept content read from this file, and its generator."""
        if found := self.by_source.get(os.path.abspath(path)):
            return found
        if self._by_real_path is None:  # named through a link: compare the files' real paths
            self._by_real_path = {os.path.realpath(name): found for name, found in self.by_source.items()}
        return self._by_real_path.get(os.path.realpath(path))
