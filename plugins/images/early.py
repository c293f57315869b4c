"""The variants not cached, made beside the build once it knows which images its pages show: the
pages need only the variants' sizes (variants.planned_set), so a forked process makes the files
while the pages are written, and the build waits for them when it publishes them."""

import multiprocessing
import os
import threading
from pathlib import Path

from toandan.building import forking

from .variants import cache_dir_of, image_set, is_made

# The forked process yields to the build's own: it makes variants on a core the pages leave idle,
# and finish() makes on every core whatever it has not taken by then.
NICENESS = 10


class VariantMaker:
    """The cache folder of each content image (found once: the source is read and hashed here, not
    again when the set is taken), and the variants not cached, made beside the build.

    Once the build knows which images it publishes (narrow), a forked process and, in finish(),
    threads of the build take those images from one list through a shared counter; the others are
    made when an update publishes them (images.embargo). An image left unmade (the process failed,
    or was killed) has no manifest in the cache: finish() makes it, and raises its error."""

    def __init__(self, sources: list[tuple[Path, str]], cache: Path, widths: tuple[int, ...]):
        """sources: (path, path relative to PATH) of each content image."""
        self.cache, self.widths = cache, widths
        self.folders = {path: cache_dir_of(path, relative, cache, widths) for path, relative in sources}
        missing = [(path, relative) for path, relative in sources
                   if not is_made(self.folders[path])]
        self._missing = missing
        self._work_list = forking.WorkList(list(range(len(missing)))) if missing else None
        # Whether each missing image is wanted, shared with the forked process (narrow).
        self._wanted = multiprocessing.get_context("fork").Array("b", [1] * len(missing), lock=False) \
            if missing else None
        self._beside: forking.Beside | None = None

    @property
    def forked(self) -> bool:
        return self._beside is not None

    def narrow(self, needed: set[Path]) -> None:
        """Only the images in needed are made (those the build publishes), from now on in a forked
        process, started here (only forked: a thread would keep the build from forking)."""
        for number, (path, _) in enumerate(self._missing):
            if path not in needed:
                self._wanted[number] = 0
        if self._beside is None and any(self._wanted or ()) and forking.can_fork():
            self._beside = forking.beside(self._make, niceness=NICENESS, name="toandan-variants")

    def _make(self) -> None:
        for number in self._work_list or ():
            path, relative = self._missing[number]
            if not self._wanted[number]:
                continue
            try:
                image_set(path, relative, self.cache, self.widths, self.folders[path])
            except Exception:  # noqa: BLE001 - made again, and raised, by finish()
                continue

    def finish(self) -> None:
        """Makes on every core what the forked process has not taken, waits for it, then makes
        what is still missing of what is wanted."""
        if self._work_list is None:
            return
        helpers = [threading.Thread(target=self._make) for _ in range(os.cpu_count() or 2)]
        for helper in helpers:
            helper.start()
        for helper in helpers:
            helper.join()
        if self._beside is not None:
            self._beside.join()
        for number, (path, relative) in enumerate(self._missing):
            if self._wanted[number] and not is_made(self.folders[path]):
                image_set(path, relative, self.cache, self.widths, self.folders[path])
