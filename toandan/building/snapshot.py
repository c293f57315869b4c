"""The last build kept on disk, so that a one-shot build after an edit to the text of articles
updates the published site in place, as ./dev livereload does, instead of reading it all again.

A new process would otherwise read the whole site again (cached reads, Pelican's objects and
grouping) and describe all its pages. The snapshot holds what the live
update works from (toandan.building.live): the generators' content and listings, each page's recipe and
digest, the stamps of the files it was built from. It is pickled with every article, page and
template referred to by number or name, so that neither the chain of neighbouring articles nor
Jinja's compiled templates go into it; the settings are read again, and must give the same
digest. What is ready when the save starts (the generators, the content, the pages' recipes) is
pickled by a forked process while the pages are described; the page records follow in the same
file, naming content by its file and the other objects they share with the rest by position.

An update in place does not write it again: beside it, a small file of edits (Edits) holds what
the updates since changed (the edited contents' text, the page records made again), all of them in
one, and the header of the build they made. Loading applies them (toandan.building.live); once they
cover more than MOST_EDITED contents, the whole snapshot is saved again instead.

It is trusted only while it describes the published build exactly: written after the build
it describes, under the folder name that build published, from the settings, theme and code the
build digest covers (plugins/reuse). The header that counts is the edits file's, naming the
snapshot it extends by the token each save gives it; an update removes the edits file before it
changes a published file. A different published folder, digest, token or file version, a
snapshot from another version of this module, or one that does not unpickle: a full build.
"""

import contextlib
import copyreg
import fcntl
import gc
import hashlib
import importlib
import io
import operator
import os
import pickle
import secrets
import shutil
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pelican.contents import Content
from pelican.generators import Generator

from toandan.accelerate.pelican import TEMPLATES_ATTRIBUTE
from toandan.building import forking
from toandan.building.diskcache import cache_folder
from toandan.building.templating import RENDERED

FORMAT = 4  # raised when what the snapshot holds changes
NAME = "live.pickle"
EDITS = "live-edits.pickle"  # beside it: the updates in place since (Edits), and the header that counts
# Edited contents the edits file holds at most: beyond, an update saves the whole snapshot again.
MOST_EDITED = 64
TEMPLATES = "templates"  # compiled by updates in place (compiled_templates)
# Generator attributes made again when a snapshot is loaded: Jinja's environment and templates,
# and the readers (with their caches and hooks). A generator names its own in TRANSIENT.
TRANSIENT = {"env", "readers", TEMPLATES_ATTRIBUTE}


def stamps(*folders: Path) -> dict[str, tuple[int, int]]:
    """Each file's modification time and size, by absolute path: what a build was made from."""
    return stamps_of(os.path.join(parent, name) for folder in folders
                     for parent, _, names in os.walk(os.path.abspath(folder)) for name in names)


def stamps_of(paths) -> dict[str, tuple[int, int]]:
    """The stamps of these files, by absolute path."""
    found = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue  # removed meanwhile: missing from the stamps, so a change
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass
class Header:
    """What the snapshot describes, read before the rest to decide whether to read the rest."""

    format: int
    published: str  # the build folder output/ linked to
    build: bytes  # plugins/reuse's digest of settings, theme and code
    stamps: dict[str, tuple[int, int]]  # of the files it was made from that exist
    outside: tuple[str, ...] = ()  # files outside content/ and theme/ it was made from, whether or not they exist
    base: str = ""  # the token of the snapshot it describes with its edits (new_token)


@dataclass
class Edits:
    """What the updates in place since the snapshot was saved changed, the latest of each: applied
    to the snapshot loaded, they give the build as the last update left it."""

    texts: dict[str, tuple[dict, dict]] = field(default_factory=dict)  # by source: text attributes, text metadata
    pages: dict = field(default_factory=dict)  # the page records made again (plugins/reuse, Reuse.edited)
    # By generator's position, for those that keep what they make from text: their attributes that
    # hold no content, pickled (content_free).
    generators: dict[int, dict[str, bytes]] = field(default_factory=dict)


def new_token() -> str:
    return secrets.token_hex(8)


def path_of(settings: dict) -> Path:
    return cache_folder(settings, NAME)


def edits_of(path: Path) -> Path:
    return path.with_name(EDITS)


def _blank(cls):
    """A content object whose attributes are set later in the snapshot."""
    return cls.__new__(cls)


def environment(settings: dict, compiled: Path | None = None) -> jinja2.Environment:
    """Jinja's environment as Pelican makes it for a generator; with compiled, a folder where Jinja
    keeps the templates it compiles (its FileSystemBytecodeCache), so that the next update, in a
    process of its own, loads them instead of compiling every template again."""
    made = Generator(context={}, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                     output_path=settings["OUTPUT_PATH"]).env
    if compiled is not None:  # before any template is loaded, as Jinja requires
        compiled.mkdir(parents=True, exist_ok=True)
        made.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
    return made


def compiled_templates(settings: dict, build: bytes, others_removed: bool = False) -> Path:
    """Where updates keep compiled templates: a folder per build digest (the settings, theme, code and
    library versions that shape a page, plugins/reuse), since Jinja checks only a template's source,
    and what the environment's settings compile into it would not be checked."""
    folder = cache_folder(settings, TEMPLATES)
    name = hashlib.blake2b(build, digest_size=10).hexdigest()
    if others_removed and folder.is_dir():
        for other in folder.iterdir():
            if other.name != name:
                shutil.rmtree(other, ignore_errors=True)
    return folder / name


def _subclasses(cls: type) -> list[type]:
    return [cls] + [sub for direct in cls.__subclasses__() for sub in _subclasses(direct)]


class _Pickler(pickle.Pickler):
    """Content goes in blank where first met, and its attributes after the rest, batch by batch:
    so no chain of references between articles (newer, older, related) nests deeper than one
    article. A template goes by name, Jinja's environment by the settings it is made from, a
    module by name. Pickle's own C code does the rest, with nothing called back per object."""

    def __init__(self, file, settings: dict, compiled: Path | None = None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings, self.compiled = settings, compiled
        self.contents: list[Content] = []
        self.dispatch_table = copyreg.dispatch_table.copy()
        self.dispatch_table.update(dict.fromkeys(_subclasses(Content), self._content))
        self.dispatch_table.update(dict.fromkeys(_subclasses(jinja2.Template), _template))
        self.dispatch_table.update(dict.fromkeys(_subclasses(jinja2.Environment), self._environment))
        self.dispatch_table[types.ModuleType] = _module

    def _content(self, content: Content):
        self.contents.append(content)
        return _blank, (type(content),)

    def _environment(self, _: jinja2.Environment):
        return environment, (self.settings, self.compiled)

    def dump_contents(self) -> None:
        done = 0
        while done < len(self.contents):
            batch = self.contents[done:]
            self.dump([(content, _kept_attributes(content)) for content in batch])
            done += len(batch)
        self.dump(None)


def _kept_attributes(content: Content) -> dict:
    """Its attributes but what the theme rendered of it (RENDERED): made again, for the few
    listings an update renders, quicker than read back for every content."""
    attributes = vars(content)
    return {name: value for name, value in attributes.items() if name != RENDERED} \
        if RENDERED in attributes else attributes


def _template(template: jinja2.Template):
    return operator.methodcaller("get_template", template.name), (template.environment,)


def _module(module: types.ModuleType):
    return importlib.import_module, (module.__name__,)


def generator_state(generator) -> dict:
    """A generator's attributes but the transient ones, and but methods a plugin set on it (hooks,
    which the build that loads the snapshot sets again if it needs them)."""
    transient = TRANSIENT | set(getattr(generator, "TRANSIENT", ()))
    return {name: value for name, value in vars(generator).items()
            if name not in transient and not isinstance(value, types.MethodType)}


def save(path: Path, header: Header, ready: dict, shared: list, later: Callable[[], dict], settings: dict) -> None:
    """Writes the snapshot: what is ready (the generators' state, with the content) pickled by a
    forked process while later() is made here (the pages described, plugins/reuse), then what
    later() answers, which may refer to the content and to the shared objects (pickled with what
    is ready) by themselves. Then an empty edits file naming it (header.base). Each file is written
    beside its place, then renamed there, so a killed build leaves the old one or none."""
    temporary = _temporary(path)
    try:
        if forking.can_fork():
            writer = forking.beside(_write_ready, temporary, header, ready, shared, settings, answering=True)
            made = later()
            writer.get()
        else:  # in a thread, the pickling would read what later() is changing
            made = later()
            _write_ready(temporary, header, ready, shared, settings)
        with open(temporary, "ab") as stored:
            _LaterPickler(stored, shared).dump(made)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    save_edits(path, header, Edits())


def _write_ready(temporary: Path, header: Header, ready: dict, shared: list, settings: dict) -> None:
    """The snapshot's first part: the header, what is ready, the shared objects, the content batch by batch."""
    with open(temporary, "wb") as stored:
        # The templates a page's recipe names load, in the update, from what the last one compiled.
        pickler = _Pickler(stored, settings, compiled_templates(settings, header.build))
        pickler.dump(header)
        pickler.dump(ready)
        pickler.dump(shared)
        pickler.dump_contents()


def save_edits(path: Path, header: Header, edits: Edits) -> None:
    """Writes the edits file: the snapshot header.base names, with these edits, is the build
    header describes."""
    _write(edits_of(path), lambda stored: pickle.dump((header, edits), stored, protocol=pickle.HIGHEST_PROTOCOL))


def _temporary(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write(path: Path, write: Callable) -> None:
    temporary = _temporary(path)
    try:
        with open(temporary, "wb") as stored:
            write(stored)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class _LaterPickler(pickle.Pickler):
    """What later() answers (save), after the rest in the same file: a shared object by its
    position, content by its file (its identity would not outlive the process)."""

    def __init__(self, file, shared: list):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.positions = {id(value): position for position, value in enumerate(shared)}

    def persistent_id(self, value):
        if (position := self.positions.get(id(value))) is not None:
            return position
        if isinstance(value, Content):
            if value.source_path is None:
                raise pickle.PicklingError(f"{type(value).__name__} without a file")
            return value.source_path
        return None


class _LaterUnpickler(pickle.Unpickler):
    def __init__(self, file, shared: list, by_source: dict):
        super().__init__(file)
        self.shared, self.by_source = shared, by_source

    def persistent_load(self, named):
        if isinstance(named, int):
            return self.shared[named]
        if (content := self.by_source.get(named)) is None:  # unknown, or two contents of one file
            raise pickle.UnpicklingError(f"{named}: no content of its own")
        return content


class _ContentFree(pickle.Pickler):
    def reducer_override(self, value):
        if isinstance(value, Content):
            raise pickle.PicklingError("content")
        return NotImplemented


def content_free(attributes: dict) -> dict[str, bytes]:
    """Those of these values that hold no content (which goes with the snapshot only), pickled."""
    kept = {}
    for name, value in attributes.items():
        stored = io.BytesIO()
        try:
            _ContentFree(stored, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        except Exception:  # noqa: BLE001 - content, or a value that does not pickle: left as saved
            continue
        kept[name] = stored.getvalue()
    return kept


def unpickled(attributes: dict[str, bytes]) -> dict:
    """The values content_free pickled."""
    return {name: pickle.loads(value) for name, value in attributes.items()}


@contextlib.contextmanager
def locked(path: Path):
    """Holds the snapshot's lock: inside, no snapshot is being written (save_behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(path)
    try:
        yield
    finally:
        os.close(lock)


def _lock(path: Path) -> int:
    """A descriptor holding the snapshot's lock; waits while a writer holds it."""
    lock = os.open(path.with_name(f".{path.name}.lock"), os.O_CREAT | os.O_RDWR, 0o644)
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def save_behind(path: Path, header: Header, ready: Callable[[], tuple[dict, list]], later: Callable[[], dict],
                settings: dict) -> None:
    """Saves the build from a process of its own (save: what ready() answers, the state and the
    shared objects, and what later() answers), so that the build that published the site ends
    without waiting for it. The writer holds the snapshot's lock until it is
    done: the next build waits for it (locked), so it always finds the snapshot whole. Where the
    build runs other threads, which a fork would not copy, it saves itself."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(path)
    try:
        forking.detached(_save_or_say, path, header, ready, later, settings)
    finally:
        os.close(lock)  # forked, the writer's copy holds the lock until it ends


def _save_or_say(path: Path, header: Header, ready: Callable[[], tuple[dict, list]], later: Callable[[], dict],
                 settings: dict) -> bool:
    try:
        save(path, header, *ready(), later, settings)
    except Exception as error:  # noqa: BLE001 - a value a plugin attached that does not pickle, a full disk
        print(f"Không lưu được bản dựng để cập nhật lần sau (lần dựng sau sẽ dựng toàn bộ): {error}",
              file=sys.stderr, flush=True)
        return False
    return True


def discard(path: Path) -> None:
    """Leaves the snapshot describing nothing, once no writer is saving it: its edits file goes (the
    snapshot stays, for edits saved again to name it)."""
    with locked(path):
        edits_of(path).unlink(missing_ok=True)


def read_edits(path: Path) -> tuple[Header, Edits] | None:
    """The header that counts and the edits to apply, when the edits file names the snapshot there."""
    try:
        with open(edits_of(path), "rb") as stored:
            header, edits = pickle.load(stored)
        with open(path, "rb") as stored:
            saved = pickle.load(stored)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    if not all(isinstance(h, Header) and h.format == FORMAT for h in (header, saved)) or \
            not isinstance(edits, Edits) or not header.base or header.base != saved.base:
        return None
    return header, edits


def load(path: Path) -> dict | None:
    """The state saved after the header (what save had ready, and what later() answered, in one
    dict); None when it does not read back whole."""
    collecting = gc.isenabled()
    gc.disable()  # a million objects are made and none is garbage: collecting would only slow it
    try:
        with open(path, "rb") as stored:
            unpickler = pickle.Unpickler(stored)
            unpickler.load()  # the header, read already
            state = unpickler.load()
            shared = unpickler.load()
            by_source: dict = {}
            while (batch := unpickler.load()) is not None:
                for content, attributes in batch:
                    content.__dict__.update(attributes)
                    source = attributes.get("source_path")
                    by_source[source] = None if source in by_source else content
            state.update(_LaterUnpickler(stored, shared, by_source).load())
    except Exception:  # noqa: BLE001 - whatever the reason, a full build follows
        return None
    finally:
        if collecting:
            gc.enable()
    return state
