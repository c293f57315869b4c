"""Jinja filters the theme uses: dates and figures shown the Vietnamese way, listing items
rendered once per article and site-wide parts once per build; templates compiled once per build."""

import contextlib

import jinja2
from pelican import signals

from toandan.vietnamese import dates, numbers


def report_value(report) -> str:
    """'8.230 phần quà', 'hơn 3,2 tỷ đồng'."""
    indicator = report.indicator
    shown = numbers.format_figure(report.value, indicator.kind, indicator.measure)
    return f"{report.qualifier} {shown}".strip()


def report_exact(report) -> str:
    """The exact value, for a title attribute: '3.678.000.000 đồng'."""
    indicator = report.indicator
    return numbers.format_figure_exact(report.value, indicator.kind, indicator.measure)


RENDERED = "_toandan_rendered"  # on a content object: what rendered_once made of it, by macro and arguments


def rendered_once(content, macro, *args, depends_on=()):
    """macro(content, *args), rendered once per content object and arguments: an article's item is
    the same on each listing it is in (its category's, tags', unit's, month's, the home page's).
    depends_on: what
    else of the page the macro reads (SITE_PATH, where the theme links from).
    Kept on the object, it goes with it (a kept build on disk leaves it out, toandan.building.snapshot);
    forget_rendered drops it when the content changes in place."""
    made = vars(content).setdefault(RENDERED, {})
    key = (macro.name, args, depends_on)
    if (output := made.get(key)) is None:
        output = made[key] = macro(content, *args)
    return output


def forget_rendered(content) -> None:
    vars(content).pop(RENDERED, None)


SITE_PARTS = "toandan_site_parts"  # on a Jinja environment: what site_wide made in it, by macro


@jinja2.pass_environment
def site_wide(environment: jinja2.Environment, macro, *args, depends_on=()):
    """macro(*args), rendered once while what it depends on stays the same: a part of the page
    that is the same on every page of a build (the header, the menu, the footer).
    The macro may read, of the page, its arguments, the settings (the environment is made from
    them: Pelican makes one per generator and build) and what depends_on names: the very objects,
    compared by identity and held until the next differ. Every page of a build shares them; a
    preview made for another address or registry brings others, and renders the part again.
    An update in place changes only the text of content, which no such part shows.
    Its output is escaped as it is rendered."""
    if (made := getattr(environment, SITE_PARTS, None)) is None:
        environment.extend(**{SITE_PARTS: {}})  # Jinja's way to give an environment a value of its own
        made = getattr(environment, SITE_PARTS)
    inputs, outputs = made.get(macro.name, ((), None))
    if outputs is None or len(inputs) != len(depends_on) or any(a is not b for a, b in zip(inputs, depends_on)):
        outputs = {}
        made[macro.name] = (tuple(depends_on), outputs)
    if (output := outputs.get(args)) is None:
        output = outputs[args] = macro(*args)
    return output


FILTERS = {
    "dateline": dates.dateline,
    "short_date": dates.short_date,
    "vn_number": numbers.format_number,
    "report_value": report_value,
    "report_exact": report_exact,
    "rendered_once": rendered_once,
    "site_wide": site_wide,
}


class CompiledOnce(jinja2.BytecodeCache):
    """Templates compiled in one build, kept in memory. Pelican makes a Jinja environment for each
    generator, all from the same settings, and each compiled again the templates they share
    (base.html in five of them, the macros in two). Jinja checks each template's source against
    what was compiled from it before taking it."""

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@contextlib.contextmanager
def compiled_once():
    """Within: the generators Pelican makes share one CompiledOnce (but an environment that has a
    bytecode cache of its own)."""
    shared = CompiledOnce()

    def share(generator) -> None:
        if generator.env.bytecode_cache is None:
            generator.env.bytecode_cache = shared

    signals.generator_init.connect(share)  # held weakly by the signal, and here until the end
    try:
        yield shared
    finally:
        signals.generator_init.disconnect(share)
