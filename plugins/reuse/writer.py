"""A Pelican writer that links a page from the previous build when nothing it is made of changed.

Each build is a fresh folder (toandan.building); the previous one stays published until the swap.
A page whose digest is the one recorded for the same path in the previous build is hard-linked
from there instead of rendered. Nothing is ever written through such a link: a path about to be
written that is already a link is unlinked first, so an earlier build is never changed.
"""

import hashlib
import os
import pickle
from pathlib import Path

from pelican.contents import Content
from pelican.utils import sanitised_join

from toandan.accelerate.pelican import OpeningWriter
from toandan.building.hooks import FROM_SCRATCH_SETTING, RECORDS_SAVED_BEHIND_SETTING
from toandan.building import forking
from toandan.building.diskcache import fingerprint

from .digest import SCALARS, Digests, UndescribableValue, template_names

# A fresh build folder each time, or how this build was asked for: not page input.
VOLATILE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", RECORDS_SAVED_BEHIND_SETTING, FROM_SCRATCH_SETTING}
# Pages' own contents from which describe() makes their references in two processes, a share each
# taken REFERENCES_CHUNK at a time: below, forking costs more than it saves.
REFERENCES_SHARED_FROM = 2000
REFERENCES_CHUNK = 250
# The libraries that shape a page: rendering, and reading the text it shows (a build kept on disk is
# taken up only with the same versions, toandan.building.live).
LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown", "typogrify", "smartypants", "pyyaml", "beautifulsoup4")


class _Discard:
    """Stands in for the file of a page that was linked, so Pelican's writing writes nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def write(self, text: str) -> None:
        pass


class Reuse:
    """The digests of one build's pages, and those recorded by the build before it."""

    def __init__(self, settings: dict, code: list[Path]):
        self.state = Path(settings["PATH"]).parent / settings["CACHE_PATH"] / "pages.pickle"
        self.digests = Digests()
        self.keys: dict[str, bytes] = {}
        # For updates in place (rewrite): how each page was written, and what it was made from.
        self.recipes: dict[str, tuple] = {}
        self.made_from: dict[str, tuple[frozenset, ...]] = {}  # the sources of the content in each page
        self.undescribed: set[str] = set()  # pages without a digest: rendered by every update
        self.touched: set[str] | None = None  # during an update in place: the pages to describe again
        self._changed: frozenset = frozenset()  # the sources whose text the last update changed
        self._names: dict[str, frozenset | None] = {}
        self._parsed: dict = {}  # what each template read says (template_names), for this build
        self._folders: set[str] = set()
        self._later: dict[str, tuple] = {}  # pages to describe(), by name
        self.previous_build, self.previous = self._load()
        self.build = self._build_digest(settings, code)

    def _load(self) -> tuple[Path | None, dict]:
        try:
            with open(self.state, "rb") as stored:
                state = pickle.load(stored)
            return Path(state["build"]), state["keys"]
        except (OSError, EOFError, KeyError, TypeError, pickle.UnpicklingError):
            return None, {}

    def save(self, output_path: str) -> None:
        self.describe()
        self.state.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state.with_name(f".{self.state.name}.tmp")
        with open(temporary, "wb") as stored:
            pickle.dump({"build": str(Path(output_path).resolve()), "keys": self.keys}, stored)
        os.replace(temporary, self.state)

    def kept_state(self) -> dict:
        """What an update in place needs of this build but the recipes (ready before, kept apart), to
        be pickled with its content (toandan.building.snapshot); restore() takes it back, with the
        recipes, in another process."""
        self.describe()
        return {"keys": self.keys, "undescribed": self.undescribed,
                "made_from": self.made_from, "digests": self.digests.kept_state(), "names": self._names}

    def referable(self) -> list:
        """What kept_state may refer to besides content, known before describe(): the values the
        pages are made of, and those the digests keep. Pickled with the recipes, they are
        referred to from kept_state by position (toandan.building.snapshot)."""
        values = {id(value): value for _, (site_wide, own) in self._later.values() for _, value in (*site_wide, *own)}
        values.update((id(value), value) for value in self.digests.kept_values())
        return [value for value in values.values() if value is not None and not isinstance(value, (Content, *SCALARS))]

    def restore(self, state: dict, published: Path, edited: dict | None = None) -> None:
        """Takes back the kept_state of a build, with what the updates in place since changed
        (edited), as published in that folder."""
        self.keys, self.recipes, self.undescribed = state["keys"], state["recipes"], state["undescribed"]
        self.made_from, self._names = state["made_from"], state["names"]  # the templates are as they were
        self.digests = Digests(state["digests"])
        if edited:
            self.digests.forget(edited["changed"])  # made from the text as it was when kept
            self.keys.update(edited["keys"])
            self.made_from.update(edited["made_from"])
            self.undescribed, self._names = edited["undescribed"], edited["names"]
        self.previous_build, self.previous = published, dict(self.keys)

    def edited(self, since: dict | None = None) -> dict:
        """What the updates in place changed of the records kept (kept_state): those of since (an
        earlier answer), and the pages the last one (rewrite) described again. Small beside
        kept_state, it is kept with it for restore."""
        since = since or {"changed": frozenset(), "keys": {}, "made_from": {}}
        touched = self.touched or set()
        return {"changed": since["changed"] | self._changed,
                "keys": {**since["keys"], **{name: self.keys[name] for name in touched if name in self.keys}},
                "made_from": {**since["made_from"],
                              **{name: self.made_from[name] for name in touched if name in self.made_from}},
                "undescribed": set(self.undescribed), "names": dict(self._names)}

    def _build_digest(self, settings: dict, code: list[Path]) -> bytes:
        """The settings, the theme and the code that render pages; a change renders every page."""
        parts = []
        for name in sorted(settings.keys() - VOLATILE_SETTINGS):
            try:
                parts.append(name.encode() + self.digests.of(settings[name]))
            except UndescribableValue:
                parts.append(name.encode() + repr(type(settings[name])).encode())
        return fingerprint(*parts, libraries=LIBRARIES, files=code).encode()

    def key(self, template, name: str, localcontext: dict, context: dict) -> bytes | None:
        """The digest of everything this page is made of, or None when a part cannot be described."""
        parts = self._parts(template, name, localcontext, context)
        return None if parts is None else self._describe(template.name, name, parts)

    def describe_later(self, template, name: str, localcontext: dict, context: dict) -> None:
        """Records what this page is made of, for describe(): with no build to link from, its
        digest only matters to the next build."""
        parts = self._parts(template, name, localcontext, context)
        if parts is not None:
            self._later[name] = (template.name, parts)

    def describe(self) -> None:
        """The digests of the pages describe_later recorded. A build kept on disk has them made
        after it is published, by the process that keeps it (toandan.building.live)."""
        later, self._later = self._later, {}
        self._references_beside(later)
        for name, (template_name, parts) in later.items():
            if (key := self._describe(template_name, name, parts)) is not None:
                self.keys[name] = key

    def _references_beside(self, later: dict) -> None:
        """The references of the pages' own contents, most of what describing a large site costs,
        made half here and half in a forked process (after publishing, the other core is idle)."""
        contents = list({id(value): value for _, (_, own) in later.values()
                         for _, value in own if isinstance(value, Content)}.values())
        if forking.processes_for(len(contents), REFERENCES_SHARED_FROM // 2) < 2:
            return
        positions = forking.WorkList(list(range(len(contents))), chunk=REFERENCES_CHUNK)
        other = forking.beside(self.digests.references, contents, positions, answering=True)
        if other.forked:  # a thread instead makes them all, alone: the memo is not for two at once
            self.digests.references(contents, positions)
        try:
            made = other.get()
        except Exception:  # noqa: BLE001 - the process was killed or failed: its share is made where needed
            made = []
        self.digests.take_references(contents, made)

    def _parts(self, template, name: str, localcontext: dict, context: dict) -> tuple | None:
        """The variables the page's templates read, resolved: (the site-wide ones, the same objects
        as in the build's context, as (name, value) pairs; the page's own likewise); None when the
        page cannot be described."""
        if template.name not in self._names:
            self._names[template.name] = template_names(template.environment, template.name, self._parsed)
        names = self._names[template.name]
        if names is None:
            self.undescribed.add(name)
            return None
        site_wide, own = [], []
        for variable in sorted(names & localcontext.keys()):
            value = localcontext[variable]
            (site_wide if context.get(variable) is value else own).append((variable, value))
        return tuple(site_wide), own

    def _describe(self, template_name: str, name: str, parts: tuple) -> bytes | None:
        site_wide, own = parts
        digest = hashlib.blake2b(self.build + template_name.encode() + b"\0" + name.encode(), digest_size=20)
        try:
            with self.digests.recording() as made_from:
                digest.update(b"site-wide=" + self.digests.site_wide(site_wide))
                for variable, value in own:
                    digest.update(variable.encode() + b"=" + self.digests.page(value))
        except UndescribableValue:
            self.undescribed.add(name)
            return None
        self.made_from[name] = tuple(made_from)
        return digest.digest()

    def rewrite(self, changed: set, published: Path, staging: Path, settings: dict) -> "ReusingWriter":
        """Renders into staging every page made from the content of the sources given (its text
        was changed in place since published was built) and every page without a digest; a page
        whose digest comes out as before is not written. Answers the writer, for other writes.
        Every page must be described (describe) before the content changed."""
        self.digests.forget(changed)
        self._changed = frozenset(changed)
        # all(map(...)) runs in C: the records of a large site's pages hold hundreds of thousands of sets.
        self.touched = {name for name, made_from in self.made_from.items()
                        if not all(map(changed.isdisjoint, made_from))} | self.undescribed
        recipes = {id(recipe): recipe for name in self.touched if (recipe := self.recipes.get(name))}
        # Written for the published folder, whose folders exist (a listing of a thousand pages
        # written again for one of them would make a thousand folders in staging), into staging.
        writer = writer_class(self)(str(published), settings=settings, staging=str(staging))
        self.previous, self.previous_build = dict(self.keys), published
        for name, template, context, args, kwargs in recipes.values():
            writer.write_file(name, template, context, *args, **kwargs)
        return writer

    def unchanged_by_update(self, name: str) -> bool:
        """During an update in place: a page made from none of the changed content."""
        return self.touched is not None and name not in self.touched and name in self.previous

    def start(self, output_path: str) -> None:
        if self.previous_build == Path(output_path).resolve():
            self.previous = {}  # building into the same folder: there is nothing to link from

    def link(self, name: str, key: bytes, output_path: str) -> str | None:
        """Link the previous build's file for name into this build, if it was made of the same;
        answers the linked path."""
        if self.previous.get(name) != key:
            return None
        target = sanitised_join(output_path, name)
        if self.touched is not None:
            return target  # an update in place: the published file is this page already
        folder = os.path.dirname(target)
        try:
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            os.link(os.path.join(self.previous_build, name), target)
        except OSError:
            return None
        return target


class _Reusing:
    """Wraps a template for one write_file call: renders only what the previous build lacks."""

    def __init__(self, template, writer: "ReusingWriter", context: dict, recipe: tuple):
        self.template = template
        self.writer = writer
        self.context = context
        self.recipe = recipe

    def render(self, localcontext: dict) -> str:
        name = localcontext["output_file"]
        reuse = self.writer.reuse
        reuse.recipes[name] = self.recipe
        if reuse.unchanged_by_update(name):  # another page of a listing that is written again
            self.writer.linked_paths.add(sanitised_join(self.writer.output_path, name))
            return ""
        if not reuse.previous:  # no page to link: described after (Reuse.describe)
            reuse.describe_later(self.template, name, localcontext, self.context)
            return self.template.render(localcontext)
        key = reuse.key(self.template, name, localcontext, self.context)
        if key is not None:
            reuse.keys[name] = key
            if linked := reuse.link(name, key, self.writer.output_path):
                self.writer.linked_paths.add(linked)
                return ""
        return self.template.render(localcontext)


class ReusingWriter(OpeningWriter):
    """Pelican's writer, with pages linked from the previous build where they would be the same."""

    reuse: Reuse  # set on the subclass made for each build

    def __init__(self, output_path, settings=None, staging: str | None = None):
        super().__init__(output_path, settings=settings)
        self.linked_paths: set[str] = set()
        self.staging = staging  # for an update in place: where the files for output_path are written
        self.reuse.start(output_path)

    def write_file(self, name, template, context, *args, **kwargs):
        recipe = (name, template, context, args, kwargs)
        return super().write_file(name, _Reusing(template, self, context, recipe), context, *args, **kwargs)

    def open_instead(self, filename):
        if filename in self.linked_paths:
            self.linked_paths.discard(filename)
            return _Discard(), filename
        if self.staging is not None:
            filename = os.path.join(self.staging, os.path.relpath(filename, self.output_path))
            os.makedirs(os.path.dirname(filename), exist_ok=True)
        elif os.path.isfile(filename) and os.stat(filename).st_nlink > 1:
            os.unlink(filename)  # written again in this build: never through a link into an older one
        return None, filename


def writer_class(reuse: Reuse) -> type[ReusingWriter]:
    return type("ReusingWriter", (ReusingWriter,), {"reuse": reuse})
