"""Rebuilds while an editor works: one process keeps the last build, and a change to the text of
articles updates only what was made from that text.

A full build (toandan.building) reads every file and writes every page into a fresh folder, linking
the pages that did not change; most of its time goes to reading the site and describing its pages. Kept in memory, the build knows which pages each article went into. When
the only change is the text of existing articles or pages (body and summary; the rest of the
front matter reads exactly as before), they are re-read, their text is changed in place, the pages,
feeds and search documents made from it are written again, and each new file replaces the
published one by a rename. Any other change (title, date, tags or other front matter, a new or
deleted file, data, images, theme, code, a file outside content/ that pages are made from such as
the readership snapshot) and any file that does not read cleanly gets a full build,
which reports problems and leaves the published site as it was.

Kept on disk too (toandan.building.snapshot), the build is taken up by the next process: ./dev build after
an edit to articles' text updates in place the same way (build_or_update).
"""

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.readers import Readers

from toandan.accelerate import collector
from toandan.accelerate.pelican import forget_memoised, forget_templates, in_place_ready
from toandan.building import snapshot
from toandan.building.hooks import FROM_SCRATCH_SETTING, RECORDS_SAVED_BEHIND_SETTING, OUTSIDE_INPUTS, PROBLEMS_KEY, text_reread
from toandan.building.content_text import give_text, same_but_text, text_of
from toandan.building.kept import KeptBuild, kept_from_text
from toandan.building.lock import build_turn
from toandan.building.publish import build, load_settings
from toandan.building.templating import forget_rendered



@dataclass(frozen=True)
class Update:
    """What one rebuild did."""

    full: bool  # a full build; otherwise an update in place
    seconds: float
    written: int  # files written by an update in place; 0 for a full build
    # A full build's content, by kind (articles, drafts, hidden_articles, pages, hidden_pages, draft_pages).
    published: dict[str, int] = field(default_factory=dict)
    restored: bool = False  # an update found what the build keeps outside output/ gone, and wrote it again


def _published(generators: list) -> dict[str, int]:
    """How many articles, drafts, pages... a build read, as Pelican counts them in its summary."""
    counts = {}
    for generator in generators:
        for kind in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
            if isinstance(found := getattr(generator, kind, None), list):
                counts[kind] = counts.get(kind, 0) + len(found)
    return counts


def forget_made_from(contents: Iterable[Content] | None = None) -> None:
    """Pelican memoises get_content and get_summary for the whole process, by object, and the theme
    its listing items on each content (rendered_once): forget the given contents' (changed in
    place), or everything (a new build: the old objects go)."""
    forget_memoised(contents)
    for content in contents or ():
        forget_rendered(content)


class LiveSite:
    """A site rebuilt in this process after each change (./dev livereload); kept on disk too, it
    is rebuilt in the next process (./dev build)."""

    def __init__(self, settings_file: Path | str, output: Path | str, keep_on_disk: bool = False):
        self.settings_file = settings_file
        self.output = Path(output).absolute()
        self.keep_on_disk = keep_on_disk
        self._kept: KeptBuild | None = None
        self._stamps: dict[str, tuple[int, int]] = {}  # of the files the kept build was made from
        self.outside: tuple[str, ...] = ()  # the files outside content/ and theme/ it was made from

    def build(self, from_scratch: bool = False) -> Update:
        """A full build, kept for the updates after it. Raises ContentError as build() does.
        From scratch, the search index is written afresh too (FROM_SCRATCH_SETTING)."""
        with build_turn(self.settings_file):  # one build of the site at a time (toandan.building.lock)
            return self._build(from_scratch)

    def _build(self, from_scratch: bool) -> Update:
        started = time.perf_counter()
        self._kept = None  # let the last build's objects go before the next is read
        collector.unfreeze()  # the kept build, made here or taken up from disk: collectable again
        forget_made_from()
        settings = load_settings(self.settings_file)
        # A snapshot kept on disk stays: it describes the published build until another is published.
        self._stamps = _stamps(settings)  # before reading: a file saved meanwhile counts as changed next time
        kept: dict = {}

        def keep_generators(generators):
            kept["generators"] = generators

        def keep_pelican(pelican):
            kept["reuse"] = getattr(pelican, "reuse", None)

        signals.all_generators_finalized.connect(keep_generators)
        signals.finalized.connect(keep_pelican)
        try:
            overrides = {RECORDS_SAVED_BEHIND_SETTING: self.keep_on_disk, FROM_SCRATCH_SETTING: from_scratch}
            # Left frozen: the build is kept for the updates after it, as one taken up from disk
            # is (_resume), until the next full build lets it go (above).
            with collector.survivors_frozen(settings):
                published = build(self.settings_file, self.output, **{name: True for name, on in overrides.items() if on})
        finally:
            signals.all_generators_finalized.disconnect(keep_generators)
            signals.finalized.disconnect(keep_pelican)
        outside = kept["generators"][0].context.get(OUTSIDE_INPUTS, {})
        self.outside = tuple(sorted(outside))
        self._stamps.update((name, stamp) for name, stamp in outside.items() if stamp is not None)
        if kept.get("reuse") is not None and in_place_ready(settings):
            self._kept = KeptBuild(kept["generators"], kept["reuse"], published)
            self._save(whole=True, with_records=True)
        return Update(True, time.perf_counter() - started, 0, _published(kept["generators"]))

    def resume(self) -> list[Path] | None:
        """Takes up the build kept on disk, if it is the published one, made from these settings,
        theme and code; answers the files changed since, or None when a full build is needed."""
        settings = load_settings(self.settings_file)
        if not in_place_ready(settings):
            return None
        path = snapshot.path_of(settings)
        with snapshot.locked(path):
            return self._resume(path)

    def _resume(self, path: Path) -> list[Path] | None:
        found = snapshot.read_edits(path)
        if found is None:
            return None
        header, edits = found
        if not self.output.is_symlink() or self.output.resolve() != Path(header.published):
            return None
        settings = load_settings(self.settings_file, OUTPUT_PATH=header.published)
        pelican = Pelican(settings)  # loads and registers the plugins, as the build did
        Readers(settings)  # Pelican's Markdown reader completes the settings when made, as in the build
        signals.get_writer.send(pelican)  # the page records' plugin (reuse) makes them, as in the build
        if (reuse := getattr(pelican, "reuse", None)) is None:
            return None
        now = {**_stamps(settings), **snapshot.stamps_of(header.outside)}
        if reuse.build != header.build or now.keys() != header.stamps.keys():
            return None  # other settings, theme or code; a file added or removed
        state = snapshot.load(path)
        if state is None:
            return None
        # What was loaded lives as long as the update: no collection needs to walk its million
        # objects. A full build instead
        # unfreezes them (build), as does build_or_update when done.
        collector.freeze(settings)
        generators, readers = [], None
        for cls, attributes in state["generators"]:
            generator = cls.__new__(cls)
            generator.__dict__.update(attributes)
            # Alike for every generator (Pelican's own cache is off), made from the build's settings.
            readers = generator.readers = readers or Readers(generator.settings)
            forget_templates(generator)
            generators.append(generator)
        environment = snapshot.environment(generators[0].settings,
                                           snapshot.compiled_templates(generators[0].settings, reuse.build, others_removed=True))
        for generator in generators:
            generator.env = environment  # made alike for every generator (Generator.__init__)
        kept = KeptBuild(generators, reuse, Path(header.published), header.base, edits)
        if not self._apply(kept, edits):
            return None
        reuse.restore({**state["reuse"], "recipes": state["recipes"]}, Path(header.published), edits.pages)
        self._kept = kept
        self._stamps, self.outside = header.stamps, header.outside
        return [Path(name) for name, stamp in now.items() if header.stamps[name] != stamp]

    @staticmethod
    def _apply(kept: KeptBuild, edits: snapshot.Edits) -> bool:
        """Brings the contents and generators loaded from the snapshot to what the updates in place
        since left (the page records: Reuse.restore); False when an edited file is not among them."""
        edited = []
        for source, text in edits.texts.items():
            if (found := kept.by_source.get(source)) is None:
                return False
            give_text(found[0], text)
            edited.append(found[0])
        forget_made_from(edited)  # nothing made from their old text stays
        for position, attributes in edits.generators.items():
            vars(kept.generators[position]).update(snapshot.unpickled(attributes))
        return True

    def _save(self, whole: bool = False, with_records: bool = False) -> None:
        """Keeps the build on disk. Whole (and when the edits file would grow too long), the
        snapshot is saved from a process of its own, and with_records the page records the build
        left to it (RECORDS_SAVED_BEHIND_SETTING) are made and saved there too; otherwise the
        edits file alone, here."""
        if not self.keep_on_disk:
            return
        kept = self._kept
        path = snapshot.path_of(kept.settings)
        whole = whole or len(kept.edits.texts) > snapshot.MOST_EDITED
        if whole:
            kept.base, kept.edits = snapshot.new_token(), snapshot.Edits()
        header = snapshot.Header(snapshot.FORMAT, str(kept.published.resolve()), kept.reuse.build, self._stamps,
                                 self.outside, kept.base)
        if not whole:
            with snapshot.locked(path):
                snapshot.save_edits(path, header, kept.edits)
            return

        def ready() -> tuple[dict, list]:  # pickled while the pages are described
            return ({"generators": [(type(g), snapshot.generator_state(g)) for g in kept.generators],
                     "recipes": kept.reuse.recipes}, kept.reuse.referable())

        def later() -> dict:
            if with_records:
                kept.reuse.save(str(kept.published))
            return {"reuse": kept.reuse.kept_state()}

        snapshot.save_behind(path, header, ready, later, kept.settings)

    @staticmethod
    def _edited_generators(kept: KeptBuild) -> None:
        """Records in the edits what the generators that keep what they made from text hold now."""
        for position, generator in enumerate(kept.generators):
            if hasattr(generator, "text_changed"):
                kept.edits.generators[position] = snapshot.content_free(kept_from_text(generator))

    def update(self, changed: Iterable[Path | str]) -> Update:
        """Brings the published site up to date after these files changed."""
        with build_turn(self.settings_file):
            return self._update(changed)

    def _update(self, changed: Iterable[Path | str]) -> Update:
        started = time.perf_counter()
        kept = self._kept
        edited = self._edited(kept, changed) if kept else None
        if edited is None:
            return self.build()
        if not edited:
            restored = self._restore_missing(kept)
            return Update(False, time.perf_counter() - started, 0, restored=restored)
        self._stamps = {**self._stamps, **_stamps(kept.settings, [content.source_path for content, _ in edited])}
        fresh = [(content, generator, self._reread(content, generator)) for content, generator in edited]
        if not all(new is not None and same_but_text(content, new) for content, _, new in fresh):
            return self.build()
        if self.keep_on_disk:  # the published files change now: until saved again, it describes nothing
            snapshot.discard(snapshot.path_of(kept.settings))
        kept.reuse.describe()  # what the build left to describe (RECORDS_SAVED_BEHIND_SETTING), before its content changes
        try:
            written = self._in_place(kept, fresh)
        except BaseException:
            self._kept = None  # the kept objects may be half changed: the next change builds in full
            raise
        self._save()
        return Update(False, time.perf_counter() - started, written)

    def _restore_missing(self, kept: KeptBuild) -> bool:
        """With nothing to update, what the build keeps outside output/ (the search index) may still
        be gone or unreadable: each generator that keeps such a thing writes it again then."""
        restored = False
        for generator in kept.generators:
            if hasattr(generator, "restore_missing"):
                restored = generator.restore_missing() or restored
        if restored:  # what the generators recorded of it (fingerprints) goes with the build
            self._edited_generators(kept)
            self._save()
        return restored

    def _edited(self, kept: KeptBuild, changed: Iterable[Path | str]) -> list | None:
        """The kept contents of the changed files, or None when a change is not to an existing
        article or page, to a file outside content/ and theme/ the build was made from, or the
        published build is no longer the one kept."""
        if self.output.resolve() != kept.published.resolve():
            return None
        now = snapshot.stamps_of(self.outside)
        if now != {name: self._stamps[name] for name in self.outside if name in self._stamps}:
            return None  # changed along with the files reported, or reported alone: a full build
        edited = {}
        for path in changed:  # a save may be reported as more than one change to the same file
            found = kept.content_of(path)
            if found is None or not Path(path).is_file():
                return None
            edited[id(found[0])] = found
        return list(edited.values())

    @staticmethod
    def _reread(content: Content, generator) -> Content | None:
        """The file read again as the build read it, or None if it has problems (the full build
        that follows reports them)."""
        prefix = "article" if isinstance(content, Article) else "page"
        try:
            fresh = generator.readers.read_file(
                base_path=generator.path, path=os.path.relpath(content.source_path, generator.path),
                content_class=type(content), context=generator.context,
                preread_signal=getattr(signals, f"{prefix}_generator_preread"), preread_sender=generator,
                context_signal=getattr(signals, f"{prefix}_generator_context"), context_sender=generator)
        except Exception:  # noqa: BLE001 - reported by the full build
            return None
        if generator.context.pop(PROBLEMS_KEY, None) or not fresh.is_valid():
            return None
        fresh.refresh_metadata_intersite_links()
        return fresh

    def _in_place(self, kept: KeptBuild, fresh: list) -> int:
        contents = [content for content, _, _ in fresh]
        # Plugins that change the text a build read (article_html) change the re-read text alike.
        text_reread.send(kept.generators[0], contents=[new for _, _, new in fresh])
        for content, _, new in fresh:
            give_text(content, text_of(new))
        forget_made_from(contents)
        builds = kept.published.parent
        staging = Path(tempfile.mkdtemp(prefix="update-", dir=builds))
        try:
            writer = kept.reuse.rewrite({c.source_path for c in contents}, kept.published, staging, kept.settings)
            for generator in kept.generators:
                if isinstance(generator, ArticlesGenerator) and _in_feeds(generator, contents):
                    generator.generate_feeds(writer)  # the feeds carry the articles' text
                if hasattr(generator, "text_changed"):  # a generator that keeps what it made from text
                    generator.text_changed(contents)
            written = _publish(staging, kept.published)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        kept.reuse.save(str(kept.published))
        if self.keep_on_disk:
            self._edits_made(kept, contents)
        return written

    def _edits_made(self, kept: KeptBuild, contents: list) -> None:
        """Records in the edits what an update in place changed (toandan.building.snapshot.Edits)."""
        kept.edits.texts.update((content.source_path, text_of(content)) for content in contents)
        kept.edits.pages = kept.reuse.edited(kept.edits.pages)
        self._edited_generators(kept)


def _in_feeds(generator: ArticlesGenerator, contents: list) -> bool:
    """Whether a feed the generator writes shows any of these contents. Pelican's feeds show the
    first FEED_MAX_ITEMS of its articles, and of each category's, author's and tag's articles, in
    their order; an older article's text is in none of them. With no limit, or with translations
    (whose feeds are ordered otherwise), every edit writes the feeds again."""
    most = generator.settings.get("FEED_MAX_ITEMS")
    if most is None or generator.translations:
        return True
    changed = {id(content) for content in contents}
    groups = [generator.articles, *(articles for _, articles in generator.categories),
              *(articles for _, articles in generator.authors), *generator.tags.values()]
    return any(id(article) in changed for group in groups for article in group[:most])


def _publish(staging: Path, published: Path) -> int:
    """Moves every file written into staging over its published copy, each in one rename."""
    moved = 0
    for folder, _, names in os.walk(staging):
        target = published / Path(folder).relative_to(staging)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(folder, name), target / name)
            moved += 1
    return moved


def _stamps(settings: dict, files: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """The stamps of the site's content and theme, or of the files given."""
    if files is not None:
        return snapshot.stamps_of(files)
    return snapshot.stamps(Path(settings["PATH"]), Path(settings["THEME"]))


def build_or_update(settings_file: Path | str, output: Path | str, from_scratch: bool = False) -> Update:
    """./dev build: an update in place when the build kept on disk allows one (only the text of
    articles and pages changed since), a full build otherwise; either is kept on disk after.
    ./dev rebuild: a full build from scratch (LiveSite.build)."""
    site = LiveSite(settings_file, output, keep_on_disk=True)
    try:
        with build_turn(settings_file):  # the build taken up is the published one until this one ends
            changed = None if from_scratch else site.resume()
            return site.build(from_scratch) if changed is None else site.update(changed)
    finally:
        collector.unfreeze(collect=False)  # what resume froze can be collected once the caller lets it go
