"""Reading ahead on both cores: a cold build parses every Markdown file, and Pelican reads them one
by one on one core. Before it starts, forked processes read the files into the read cache with the
parent, each taking the next few files whenever it is free, so Pelican's pass then finds every read
ready.
Plugins are then told what was read (toandan.building.hooks.read_ahead), to start work beside that pass,
which leaves a core idle."""

import itertools
import os
import sys
from collections.abc import Iterable

from toandan.building import forking
from toandan.building.hooks import ReadAheadMetadata
from toandan.building.hooks import read_ahead as read_ahead_done

from .reader import ContentReader

MIN_SHARE = 64  # files per process at the least: fewer are read sooner than a process is forked
# Files taken at a time, at most. Shares are not fixed: a forked process also writes each read to
# the cache, which the parent leaves to a process of its own, so halves fixed in advance left the
# parent waiting for its child.
CHUNK = 16


def read_ahead(generator, paths: str, excludes: str) -> None:
    """Fill the read cache with the Markdown files the generator is about to read."""
    reader = generator.readers.readers.get(ContentReader.file_extensions[0])
    if not isinstance(reader, ContentReader) or reader.cache is None:
        return
    files = generator.get_files(generator.settings[paths], exclude=generator.settings[excludes],
                                extensions=ContentReader.file_extensions)
    # The path Pelican hands the reader, which the cache key holds.
    unread = reader.unread(sorted(os.path.abspath(os.path.join(generator.path, f)) for f in files))
    processes = forking.processes_for(len(unread), MIN_SHARE)
    if processes < 2:
        return  # the files are read one by one, as without reading ahead
    chunk = max(1, min(CHUNK, len(unread) // (processes * CHUNK)))
    work_list = forking.WorkList(unread, chunk, start=processes * chunk)  # each process's first chunk is its own

    def share(number: int):
        return itertools.chain(unread[number * chunk:(number + 1) * chunk], work_list)

    reader.prepare()
    forked = [forking.start_answering(_read_and_store, reader, share(n)) for n in range(1, processes)]
    # This process's reads are kept in memory for Pelican's pass, and written to the cache for the
    # next build by a process of their own, on the core the pass leaves idle.
    reader.cache.hold()
    read_metadata = _read(reader, share(0))
    for answer in forked:
        try:
            read_metadata.update(answer.get())
        except Exception:  # noqa: BLE001 - its files are read in Pelican's pass, which reports any problem
            pass
    reader.cache.write_held_behind()
    read_ahead_done.send(generator, read_metadata=read_metadata)


def _read_and_store(reader: ContentReader, paths: Iterable[str]) -> dict[str, ReadAheadMetadata]:
    """_read in a forked process, whose reads are stored in the cache together once it is done."""
    reader.cache.hold()
    read_metadata = _read(reader, paths)
    reader.cache.write_held_behind(minimum=sys.maxsize)  # here, before the process answers
    return read_metadata


def _read(reader: ContentReader, paths: Iterable[str]) -> dict[str, ReadAheadMetadata]:
    """Reads paths into the cache; answers the metadata read ahead of each file."""
    read_metadata = {}
    for path in paths:
        try:
            _, metadata = reader.read(path)
        except Exception:  # noqa: BLE001 - read again in Pelican's pass, which reports it
            continue
        read_metadata[path] = ReadAheadMetadata(metadata.get("title"), metadata.get("date"),
                                                metadata.get("status", "published"))
    return read_metadata
