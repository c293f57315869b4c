"""Variants started at the build's start: they depend on the image files alone, not on what Pelican
reads, so a forked process makes those not cached while the build reads the articles."""

import os
import threading
from pathlib import Path

from toandan.build import forking

from .variants import cache_dir_of, image_set

# The forked process yields to the build's own: it makes variants on a core the reading leaves idle,
# and ImagesGenerator makes on every core whatever it has not taken by then.
NICENESS = 10


class VariantMaker:
    """The cache folder of each content image (found once: the source is read and hashed here, not
    again when the set is taken), and the variants not cached, made beside the build.

    A forked process and, in finish(), threads of the build take images from one list through a
    shared counter. An image left unmade (the process failed, or was killed) has no manifest in the
    cache: finish() makes it, and raises its error."""

    def __init__(self, sources: list[tuple[Path, str]], cache: Path, widths: tuple[int, ...]):
        """sources: (path, path relative to PATH) of each content image."""
        self.cache, self.widths = cache, widths
        self.folders = {path: cache_dir_of(path, relative, cache, widths) for path, relative in sources}
        missing = [(path, relative) for path, relative in sources
                   if not (self.folders[path] / "variants.json").is_file()]
        self._missing = missing
        self._work_list = forking.WorkList(missing) if missing else None
        # Forked only: a thread started now would keep the build from forking its readers.
        self._beside = forking.beside(self._make, niceness=NICENESS, name="toandan-variants") \
            if missing and forking.can_fork() else None

    @property
    def forked(self) -> bool:
        return self._beside is not None

    def _make(self) -> None:
        self._make_from(self._work_list or ())

    def finish(self, needed: set[Path] | None = None) -> None:
        """Makes on every core what the forked process has not taken, waits for it, then makes
        what is still missing. needed: the only images whose variants are wanted (those a build
        publishes), when known: the others are not handed out any more, and are made only if a
        later update publishes them (made())."""
        if self._work_list is None:
            return
        if needed is not None:
            self._work_list.stop()
        helpers = [threading.Thread(target=self._make) for _ in range(os.cpu_count() or 2)] if needed is None else []
        for helper in helpers:
            helper.start()
        for helper in helpers:
            helper.join()
        if self._beside is not None:
            self._beside.join()
        missing = [(path, relative) for path, relative in self._missing if needed is None or path in needed]
        missing = [(path, relative) for path, relative in missing if not (self.folders[path] / "variants.json").is_file()]
        if len(missing) > 1:  # on every core
            work_list = forking.WorkList(missing)
            helpers = [threading.Thread(target=self._make_from, args=(work_list,)) for _ in range(os.cpu_count() or 2)]
            for helper in helpers:
                helper.start()
            for helper in helpers:
                helper.join()
        for path, relative in missing:
            if not (self.folders[path] / "variants.json").is_file():
                image_set(path, relative, self.cache, self.widths, self.folders[path])

    def _make_from(self, work_list) -> None:
        for path, relative in work_list:
            try:
                image_set(path, relative, self.cache, self.widths, self.folders[path])
            except Exception:  # noqa: BLE001 - made again, and raised, by finish()
                continue
