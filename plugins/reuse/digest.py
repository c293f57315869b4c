"""What a page is made of, as one digest: the names its templates use, resolved in its context.

Content an index, a tag page or a menu shows is taken by reference: everything about it but its
body (title, address, date, summary, category, figures, whatever a plugin attached). Only the page's
own article or page is taken whole, body included. So correcting a sentence in one article changes
its own page; changing its title also changes the listings that show it.

A value may give its own digest (OWN_DIGEST): a method `__page_digest__(self) -> bytes` that
answers bytes that differ whenever anything a template could read through the value differs, in
every process alike. A plugin whose values are derived from many others (the roundup's figures,
made from every article's reports) answers a digest of what it derived them from, made once,
instead of having every part of them walked. Such a digest records no content it was made from:
it must not change with an article's text alone (what an update in place changes, toandan.building.live).
"""

import contextlib
import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import types
from pathlib import PurePath

from jinja2 import meta, nodes
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from toandan.accelerate.pelican import BODY_ATTRIBUTE, CONTEXT_ATTRIBUTE, context_read_in, html_as_read
from toandan.building.templating import RENDERED

INTRASITE = ("{filename}", "|filename|", "{static}", "|static|", "{attach}", "{index}", "{tag}",
             "{category}", "{author}")
# The site's whole context, its settings, the body, and what the theme rendered of it (made from
# the rest, and filled in as pages are rendered).
NOT_CONTENT = {CONTEXT_ATTRIBUTE, "settings", BODY_ATTRIBUTE, RENDERED}
MAX_DEPTH = 12
OWN_DIGEST = "__page_digest__"


class UndescribableValue(Exception):
    """A value we cannot describe; a page that uses one is always rendered."""


def source(content: Content) -> str | None:
    """What a digest records it was made from: the content's file, which names it in every process
    (an identity would not outlive the build kept on disk, toandan.building.snapshot). Content without a
    file shares None: changing one forgets the digests of all, which is safe."""
    return content.source_path


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(4, "little") + part)
    return digest.digest()


SCALARS = (bool, int, float, str, bytes, decimal.Decimal, PurePath)
BIG = 32  # lists this long are memoised by identity (the same listing is passed for each of its pages)


class Digests:
    """Digests of the values templates see, for one build.

    Content, long lists, dataclasses (the roundup's figures) and the site-wide values are memoised
    by identity: nothing changes them while pages are written, and the objects are kept alive here
    so that no identity is reused.
    Each digest also records which content it was made from, so that when one article's text is
    changed in place (toandan.building.live) its digests can be forgotten and the pages made from it found.
    """

    def __init__(self, state: dict | None = None):
        """An empty memo, or the one kept_state described in another process."""
        self._memo: dict[tuple, bytes] = {}
        self._made_from: dict[tuple, frozenset] = {}  # memo key -> the sources of the content in it
        self._keep: list = []
        self._links: bytes | None = None
        if state is not None:
            for kind, value, digest, made_from in state["remembered"]:
                self._keep.append(value)
                self._memo[(kind, id(value))] = digest
                self._made_from[(kind, id(value))] = made_from
            self._memo.update(state["named"])
            self._links = state["links"]
        self._frames: list[list[frozenset]] = []  # what each digest being made has read so far
        # site_wide's digests, by the names and identities of their values: (digest, sources, the
        # values, kept so that no identity is reused). Not kept with the build: made again in a
        # few microseconds for the first page of each template an update describes.
        self._site_wide: dict[tuple, tuple[bytes, frozenset, tuple]] = {}

    @contextlib.contextmanager
    def recording(self):
        """Collects the sources of the content read by the digests made inside, as a list of sets."""
        frame: list[frozenset] = []
        self._frames.append(frame)
        try:
            yield frame
        finally:
            self._frames.pop()

    def _read(self, sources: frozenset) -> None:
        if self._frames:
            self._frames[-1].append(sources)

    def kept_state(self) -> dict:
        """This memo with the objects it was made from in place of their identities, to be
        pickled with them (toandan.building.snapshot); Digests(state) makes it again in another process.
        The dataclasses' digests are left out: cheaper to make again, for the few pages an update
        describes, than to load."""
        by_id = {id(value): value for value in self._keep}
        remembered, named = [], {}
        for key, digest in self._memo.items():
            if len(key) != 2:
                named[key] = digest
            elif key[0] != "dataclass":  # (kind, id) from _remember
                remembered.append((key[0], by_id[key[1]], digest, self._made_from[key]))
        return {"remembered": remembered, "named": named, "links": self._links}

    def kept_values(self) -> list:
        """The values whose digests are kept (kept_state), as the memo holds them now."""
        return list(self._keep)

    def forget(self, sources: set) -> None:
        """Drops every memoised digest made from the content of these sources: it was changed in place."""
        for key in [key for key, made_from in self._made_from.items() if not sources.isdisjoint(made_from)]:
            del self._memo[key], self._made_from[key]
        for key in [key for key, (_, made_from, _) in self._site_wide.items() if not sources.isdisjoint(made_from)]:
            del self._site_wide[key]

    def _remember(self, kind: str, value, compute) -> bytes:
        key = (kind, id(value))
        digest = self._memo.get(key)
        if digest is None:  # the frames by hand: a context manager here cost more than most digests
            self._keep.append(value)
            frame = [frozenset((source(value),))] if isinstance(value, Content) else []
            self._frames.append(frame)
            try:
                digest = compute()
            finally:
                self._frames.pop()
            self._memo[key], self._made_from[key] = digest, frozenset().union(*frame)
        if self._frames:
            self._frames[-1].append(self._made_from[key])
        return digest

    def page(self, value) -> bytes:
        """A value passed for one page; the page's own article or page is taken whole."""
        if isinstance(value, Content):
            return _hash(self.reference(value), self._body(value))
        return self.of(value)

    def shared(self, name: str, value) -> bytes:
        """A value of the site-wide context, the same object for every page."""
        return self._remember(f"shared:{name}", value, lambda: self.of(value))

    def site_wide(self, parts: tuple) -> bytes:
        """The site-wide values a page reads, (name, value) pairs, as one digest: made once for
        each set of them (most pages of a template read the same), not for every page."""
        key = tuple((name, id(value)) for name, value in parts)
        found = self._site_wide.get(key)
        if found is None:
            frame: list[frozenset] = []
            self._frames.append(frame)
            try:
                digest = hashlib.blake2b(digest_size=20)
                for name, value in parts:
                    # Text is digested outright; other values once each, and kept (kept_state).
                    part = self.of(value) if isinstance(value, str) else self.shared(name, value)
                    digest.update(name.encode() + b"=" + part)
            finally:
                self._frames.pop()
            found = self._site_wide[key] = (digest.digest(), frozenset().union(*frame), parts)
        if self._frames:
            self._frames[-1].append(found[1])
        return found[0]

    def of(self, value) -> bytes:
        out: list[bytes] = []
        self._feed(value, out, 0)
        return hashlib.blake2b(b"".join(out), digest_size=20).digest()

    def _items(self, items, depth: int) -> bytes:
        out: list[bytes] = [b"["]
        for item in items:
            if isinstance(item, Content):  # most long lists are listings: straight to the memo
                out.append(self.reference(item))
            else:
                self._feed(item, out, depth + 1)
        return hashlib.blake2b(b"".join(out) + b"]", digest_size=20).digest()

    def _feed(self, value, out: list, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise UndescribableValue(f"nested deeper than {MAX_DEPTH}")
        if isinstance(value, Content):
            out.append(self.reference(value))
        elif value is None or isinstance(value, SCALARS):
            out.append(f"{type(value).__name__}:{value!r}\0".encode())
        elif isinstance(value, (list, tuple)):
            if len(value) >= BIG:
                out.append(self._remember("seq", value, lambda: self._items(value, depth)))
            else:
                out.append(b"[")
                for item in value:
                    self._feed(item, out, depth + 1)
                out.append(b"]")
        elif isinstance(value, dict):
            out.append(b"{")
            if all(isinstance(key, str) for key in value):
                for key in sorted(value):
                    out.append(key.encode() + b":")
                    self._feed(value[key], out, depth + 1)
            else:
                out += sorted(self.of(k) + self.of(v) for k, v in value.items())
            out.append(b"}")
        elif isinstance(value, (set, frozenset)):
            out.append(b"<" + b"".join(sorted(self.of(item) for item in value)) + b">")
        elif isinstance(value, (datetime.date, datetime.time)):
            out.append(f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}\0".encode())
        elif isinstance(value, URLWrapper):
            out.append(self._wrapper(value))
        elif isinstance(value, Page):
            out.append(f"page:{value.full_name}:{value.base_url}:{value.number}:{value.url}:{value.save_as}\0".encode())
            out += [self.reference(item) if isinstance(item, Content) else self.of(item) for item in value.object_list]
            self._feed(value.paginator, out, depth + 1)
        elif isinstance(value, Paginator):  # its object_list (every article) is not for templates to list
            out.append(f"paginator:{value.name}:{value.count}:{value.num_pages}:{value.per_page}\0".encode())
        elif isinstance(value, enum.Enum):
            out.append(repr(value).encode() + b"\0")
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)):
            out.append(f"code:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}\0".encode())
        elif isinstance(value, functools.partial):  # a function with arguments bound (the roundup's links)
            out.append(b"partial(")
            for part in (value.func, value.args, value.keywords):
                self._feed(part, out, depth + 1)
            out.append(b")")
        elif (own := getattr(type(value), OWN_DIGEST, None)) is not None:
            out.append(f"own:{type(value).__module__}.{type(value).__qualname__}:".encode() + own(value))
        elif dataclasses.is_dataclass(value):  # each shared by many pages: digested once
            out.append(self._remember("dataclass", value, lambda: self._dataclass(value, depth)))
        elif hasattr(value, "tzname") and hasattr(value, "utcoffset"):  # a time zone
            out.append(f"tz:{value}\0".encode())
        else:
            raise UndescribableValue(type(value).__qualname__)

    def _dataclass(self, value, depth: int) -> bytes:
        out: list[bytes] = [type(value).__qualname__.encode(), b"("]
        for name in _field_names(type(value)):
            self._feed(getattr(value, name), out, depth + 1)
        return hashlib.blake2b(b"".join(out) + b")", digest_size=20).digest()

    def reference(self, content: Content) -> bytes:
        """Everything about content except its body; a derived summary brings the body in."""
        key = ("reference", id(content))
        digest = self._memo.get(key)
        if digest is None:
            return self._remember("reference", content, lambda: self._reference(content))
        if self._frames:  # _remember's, inline: listings ask again for every content they show
            self._frames[-1].append(self._made_from[key])
        return digest

    def references(self, contents: list[Content], positions) -> list[tuple[int, bytes, frozenset]]:
        """reference() of the contents at these positions, each as (position, digest, sources it
        was made from): made in another process, they are taken here by take_references. One
        that cannot be described is left for the page that needs it (which then has no digest)."""
        made = []
        for position in positions:
            content = contents[position]
            try:
                digest = self.reference(content)
            except UndescribableValue:
                continue
            made.append((position, digest, self._made_from[("reference", id(content))]))
        return made

    def take_references(self, contents: list[Content], made: list[tuple[int, bytes, frozenset]]) -> None:
        """What references() answered in another process for the same contents, memoised here."""
        paths = {path: path for content in contents if (path := source(content)) is not None}
        for position, digest, made_from in made:
            content = contents[position]
            key = ("reference", id(content))
            if key not in self._memo:
                self._keep.append(content)
                # The same path objects as the contents': kept with the build once (snapshot).
                self._memo[key] = digest
                self._made_from[key] = frozenset(paths.get(path, path) for path in made_from)

    def _reference(self, content: Content) -> bytes:
        """Its attributes by repr(), which is exact for what content holds (text, numbers, dates,
        dataclasses such as its figures) and cheap. A repr that names a memory address differs in
        every build, so a page using such a value is rendered again, never shown stale."""
        out = [type(content).__name__.encode(), self._link(content)]
        attributes = vars(content)
        for name, value in sorted(attributes.items()):
            if name in NOT_CONTENT:
                continue
            if name == "metadata" and isinstance(value, dict):
                out.append(b"metadata=" + _hash(_metadata(value, attributes)))
                continue
            if isinstance(value, Content):  # other content it points to: related, newer, translations
                out += [name.encode(), self._link(value)]
            elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Content):
                out += [name.encode(), *(self._link(item) if isinstance(item, Content) else self.of(item)
                                         for item in value)]
            elif isinstance(value, URLWrapper):
                out += [name.encode(), self._wrapper(value)]
            else:
                out.append(f"{name}={value!r}\0".encode())
        if "summary" not in content.metadata:
            out.append(self._body(content))
        return hashlib.blake2b(b"".join(out), digest_size=20).digest()

    def _wrapper(self, wrapper: URLWrapper) -> bytes:
        """A category, tag, unit or author: equal ones (one per article) share an address."""
        key = ("wrapper", type(wrapper), wrapper.name, wrapper.slug)
        if key not in self._memo:
            self._memo[key] = f"{type(wrapper).__name__}:{wrapper.name}:{wrapper.slug}:{wrapper.url}:" \
                              f"{wrapper.save_as}\0".encode()
        return self._memo[key]

    def _link(self, content: Content) -> bytes:
        """How other pages point to content: its address, title and date (where its page is written
        follows from its address and the settings, which are in every digest)."""
        return self._remember("link", content, lambda: self.of(
            [content.url, content.title, getattr(content, "date", None)]))

    def _body(self, content: Content) -> bytes:
        self._read(frozenset((source(content),)))
        body = html_as_read(content)
        parts = [body.encode()]
        if any(marker in body for marker in INTRASITE):  # its links follow other content's addresses
            parts.append(self._site_links(content))
        return _hash(*parts)

    def _site_links(self, content: Content) -> bytes:
        if self._links is None:
            context = context_read_in(content)
            generated = context.get("generated_content", {})
            static = context.get("static_content", {})
            self._links = _hash(*sorted(f"{path}:{getattr(item, 'url', '')}".encode()
                                        for path, item in [*generated.items(), *static.items()]))
        return self._links


_ABSENT = object()


def _metadata(metadata: dict, attributes: dict) -> bytes:
    """Content's metadata, in its order: a value that is also the attribute of its name (Pelican
    sets one for each) is described there, and only named here."""
    return "".join(f"{name}^\0" if value is attributes.get(name, _ABSENT) and name not in NOT_CONTENT
                   else f"{name}={value!r}\0" for name, value in metadata.items()).encode()


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


PRIMARY = {"article", "page"}  # the content a page is about, taken whole


def _reads_other_bodies(tree) -> bool:
    """Whether a template shows the body of content other than the page's own: a listing of full
    articles. Content reached through lists is digested without its body, so such pages are
    always rendered."""
    rebound = {target.name for node in tree.find_all((nodes.For, nodes.Assign, nodes.With, nodes.Macro))
               for target in node.find_all(nodes.Name) if target.ctx == "store"} & PRIMARY
    for node in tree.find_all(nodes.Getattr):
        if node.attr in ("content", "get_content", BODY_ATTRIBUTE):
            own = isinstance(node.node, nodes.Name) and node.node.name in PRIMARY - rebound
            if not own:
                return True
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and node.arg.value in ("content", BODY_ATTRIBUTE):
            return True
    return False


def template_names(environment, name: str, parsed: dict | None = None) -> frozenset | None:
    """Every variable a template and the templates it extends, includes or imports read from
    their context; None when a page from it must always be rendered: one of them is chosen at run
    time, or one shows the body of content other than the page's own. parsed keeps what each
    template read says, by name, for the next call: every page template extends the same base and
    imports the same macros, and reading one through Jinja's code generator is most of the cost."""
    parsed = {} if parsed is None else parsed
    names, seen, todo = set(), set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current not in parsed:
            tree = environment.parse(environment.loader.get_source(environment, current)[0])
            parsed[current] = None if _reads_other_bodies(tree) else (
                meta.find_undeclared_variables(tree), list(meta.find_referenced_templates(tree)))
        if parsed[current] is None:
            return None
        undeclared, referenced_templates = parsed[current]
        names |= undeclared
        for referenced in referenced_templates:
            if referenced is None:
                return None
            todo.append(referenced)
    return frozenset(names)
