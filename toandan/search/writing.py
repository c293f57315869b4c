"""Writing the index: only changed documents re-indexed, into a fresh folder swapped in at once."""

import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing as whoosh_writing
from whoosh.reading import SegmentReader

from toandan.accelerate import whoosh as accelerated
from toandan.building.atomic import prune, swap_link

from .fields import SCHEMA_VERSION, Candidate, fields_of, schema

KEEP_INDEXES = 2
# Whoosh names a segment's files after the index and the segment's random id ("MAIN_<id>.seg"), and
# writes each once: a commit writes new segments and a new table of contents (_MAIN_<n>.toc), and
# keeps deletions in the table of contents, not in the segment (whoosh.codec.whoosh3.W3Segment).
SEGMENT_FILE = re.compile(r"MAIN_[^.]+\.\w+")
FINGERPRINTS = "fingerprints.json"  # beside the index: each document's fingerprint, by id
# Documents per segment at most in a full build of a large site: a segment's postings are held in
# memory until it is written (toandan.accelerate.whoosh.write_batches).
FULL_BATCH = 1500
# An update's merging (_merge_small_segments): segments of fewer documents than LARGE_SEGMENT are
# merged by tiers of size (1-9, 10-99) once a tier holds MERGE_FAN_IN of them.
LARGE_SEGMENT = 100
MERGE_FAN_IN = 10


@dataclass(frozen=True)
class IndexReport:
    added: int
    updated: int
    deleted: int
    unchanged: int
    documents: int
    size_bytes: int
    path: Path


def current(link: Path) -> Path | None:
    """The folder of the index at link, if it is of this schema."""
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if (target / "VERSION").is_file() and (target / "VERSION").read_text() == SCHEMA_VERSION:
            return target
    return None


def _opens(folder: Path) -> bool:
    """Whether the index in this folder opens, every segment's files with it (one deleted or
    damaged by hand: not)."""
    try:
        with whoosh_index.open_dir(str(folder)).reader() as reader:
            _read_each_segment(reader)
    except Exception:  # noqa: BLE001 - whatever Whoosh raises for missing or damaged files
        return False
    return True


def _read_each_segment(reader) -> None:
    for leaf, _ in reader.leaf_readers():
        if leaf.doc_count_all():
            leaf.stored_fields(0)


def _writer_of_copy(found: Path, fresh: Path, settings: dict | None = None):
    """The index in found taken into fresh (_take_over), and a writer of it whose searcher (which
    Whoosh's update_document uses) has opened every segment's files; None, fresh emptied, when
    the index does not open (_opens)."""
    _take_over(found, fresh)
    ix = writer = None
    try:
        ix = whoosh_index.open_dir(str(fresh))
        writer = accelerated.writer(ix, settings, limitmb=256)
        _read_each_segment(writer.searcher().reader())
        return ix, writer
    except Exception:  # noqa: BLE001 - whatever Whoosh raises for missing or damaged files
        if writer is not None:
            writer.cancel()
        if ix is not None:
            ix.close()
        for entry in fresh.iterdir():
            entry.unlink()
        return None


def readable_index(link: Path) -> bool:
    """Whether there is an index of this schema at link, and it opens."""
    found = current(Path(link).absolute())
    return found is not None and _opens(found)


def _fingerprints(folder: Path, ix) -> dict[str, str]:
    """Each indexed document's fingerprint: from the file written beside the index, which reads far
    quicker than the stored fields of every document."""
    try:
        return json.loads((folder / FINGERPRINTS).read_text())
    except (OSError, ValueError):
        with ix.searcher() as searcher:
            return {f["id"]: f["fingerprint"] for f in searcher.all_stored_fields()}


def _take_over(found: Path, fresh: Path) -> None:
    """The files of the index in found, in the empty folder fresh: each segment file hard-linked, as
    nothing writes into one once written, and the rest (the table of contents, the fingerprints, the
    lock, which are written again by name) copied. Where links cannot be made, segments are copied."""
    for entry in os.scandir(found):
        target = fresh / entry.name
        if SEGMENT_FILE.fullmatch(entry.name):
            try:
                os.link(entry.path, target)
                continue
            except OSError:
                pass
        shutil.copy2(entry.path, target)


def _merge_small_segments(writer, segments: list) -> list:
    """The merge policy of an update (a Whoosh mergetype): answers the segments kept as they are,
    after handing the writer those it merges into the segment it writes.

    Whoosh's own (MERGE_SMALL) compares running totals of the segments' sizes with Fibonacci
    numbers, and a few edits after a full build written in batches it merges the whole index. Here
    the small segments merged come to about LARGE_SEGMENT * MERGE_FAN_IN documents at most: segments
    of LARGE_SEGMENT documents or more, a full build's batches among them, stay as written until
    more than half of their documents are replaced or deleted, and are merged then. A segment with
    no document left is dropped.
    """
    kept, merged, tiers = [], [], defaultdict(list)
    for segment in segments:
        count, live = segment.doc_count_all(), segment.doc_count()
        if not live:
            continue
        if count < LARGE_SEGMENT:
            tiers[len(str(count))].append(segment)
        elif live * 2 > count:
            kept.append(segment)
        else:
            merged.append(segment)
    smaller = []
    for tier in sorted(tiers):
        smaller += tiers[tier]
        if len(tiers[tier]) >= MERGE_FAN_IN:
            merged += smaller  # the tiers below come along: fewer than MERGE_FAN_IN each
            smaller = []
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept + smaller


def _batches(changed: list, processes: int) -> list[list]:
    """As many batches for each process, each fitting in memory."""
    count = processes * -(-len(changed) // (processes * FULL_BATCH))
    size = -(-len(changed) // count)
    return [changed[start:start + size] for start in range(0, len(changed), size)]


def update_index(link: Path, candidates: Iterable[Candidate], processes: int = 1,
                 afresh: bool = False, settings: dict | None = None) -> IndexReport:
    """Bring the index at `link` up to date with candidates, atomically.

    The current index is taken into a fresh folder (_take_over), changed documents are re-indexed,
    documents no longer published are deleted, and `link` is swapped to the new folder in one
    rename: a searcher never sees a half-written index, and a failure leaves the old one.
    Afresh, every candidate is indexed into an empty folder, as a full build's batches, and the
    current index is searched until the swap: the segments that years of edits leave (see
    _merge_small_segments) go with it.
    """
    link = Path(link).absolute()
    builds = link.parent / f".{link.name}-builds"
    builds.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="index-", dir=builds))
    writer = None
    try:
        found = None if afresh else current(link)
        opened = _writer_of_copy(found, fresh, settings) if found else None
        if opened:
            ix, writer = opened
            existing = _fingerprints(fresh, ix)
        else:
            ix = whoosh_index.create_in(str(fresh), schema())
            existing = {}
        (fresh / "VERSION").write_text(SCHEMA_VERSION)
        wanted = {candidate.id: candidate for candidate in candidates}
        changed = [c for c in wanted.values() if existing.get(c.id) != c.fingerprint]
        gone = [doc_id for doc_id in existing if doc_id not in wanted]
        full = not existing

        def fields(candidate: Candidate) -> dict:
            return fields_of(candidate.build())

        if full and processes > 1 and len(changed) > 500:
            if writer is not None:  # an index of no document was found
                writer.cancel()
            # Each batch a segment: ranking reads postings from every segment alike.
            accelerated.write_batches(ix, _batches(changed, processes), processes, fields, settings)
        else:
            writer = writer or accelerated.writer(ix, settings, limitmb=256)
            try:
                for candidate in changed:
                    if full:
                        writer.add_document(**fields(candidate))
                    else:
                        writer.update_document(**fields(candidate))
                for doc_id in gone:
                    writer.delete_by_term("id", doc_id)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=whoosh_writing.NO_MERGE if full else _merge_small_segments)
        ix.close()
        (fresh / FINGERPRINTS).write_text(json.dumps(
            {**{i: f for i, f in existing.items() if i not in gone}, **{c.id: c.fingerprint for c in changed}}))
        swap_link(link, fresh)
    except BaseException:
        if writer is not None and not writer.is_closed:
            writer.cancel()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    prune(builds, fresh, keep=KEEP_INDEXES)
    size = sum(p.stat().st_size for p in fresh.rglob("*") if p.is_file())
    added = sum(1 for c in changed if c.id not in existing)
    return IndexReport(added, len(changed) - added, len(gone), len(wanted) - len(changed), len(wanted), size, fresh)
