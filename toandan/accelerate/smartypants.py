"""Smartypants, the one place that changes its module state: the dashes Pelican's typography asks
for, and each conversion returning a text without its marks at once.

Checked against smartypants 2.0 (the range in pyproject.toml). Smartypants converts every text
between two tags of a document that has one quote, dash or ellipsis anywhere, a dozen regular
expression passes for the quotes alone; each conversion is idempotent on a text without its marks,
so answering that text as it is gives the same result.
"""

import functools

import smartypants

from toandan import accelerate

NAME = "smartypants.idle"
CHECKED = ("2.0", "2.1")  # smartypants releases this was checked against: from, below

# What each of smartypants' conversions acts on.
CONVERSION_MARKS = {
    "process_escapes": ("\\",), "convert_dashes": ("--",), "convert_dashes_oldschool": ("--",),
    "convert_dashes_oldschool_inverted": ("--",), "convert_ellipses": ("...", ". . ."),
    "convert_backticks": ("``", "''"), "convert_single_backticks": ("`", "'"), "convert_quotes": ("'", '"'),
}
DASHES = {"oldschool": "set2", "oldschool_inverted": "set3"}  # TYPOGRIFY_DASHES: Attr's set; else set1


def dash_attributes(dashes: str) -> int:
    """Smartypants' attribute set for Pelican's TYPOGRIFY_DASHES setting."""
    return getattr(smartypants.Attr, DASHES.get(dashes, "set1"))


def use_dashes(dashes: str) -> None:
    """Sets smartypants' default attributes as Pelican's typogrify does (typogrify calls smartypants
    with its defaults): the dashes asked for, and '&nbsp;' and the like left as written."""
    smartypants.Attr.default = dash_attributes(dashes) | smartypants.Attr.w


def _needs() -> str | None:
    for name in CONVERSION_MARKS:
        if problem := accelerate.missing_attribute(smartypants, name):
            return problem
        if problem := accelerate.signature_problem(getattr(smartypants, name), ("text",)):
            return problem
    return None


def skip_idle_conversions(settings: dict | None = None) -> bool:
    """Each of smartypants' conversions returns a text without its marks at once; answers whether
    the accelerator is on. Done once per process (the wrapped functions are marked)."""
    if not accelerate.ready(NAME, "smartypants", CHECKED, _needs, settings):
        return False
    for name, marks in CONVERSION_MARKS.items():
        convert = getattr(smartypants, name)
        if hasattr(convert, "__wrapped__"):
            continue

        @functools.wraps(convert)
        def skipping(text, *args, convert=convert, marks=marks):
            return convert(text, *args) if any(mark in text for mark in marks) else text

        setattr(smartypants, name, skipping)
    return True


def restore_conversions() -> None:
    """Smartypants' own conversions again (after skip_idle_conversions), for the stock path."""
    for name in CONVERSION_MARKS:
        convert = getattr(smartypants, name, None)
        if convert is not None and hasattr(convert, "__wrapped__"):
            setattr(smartypants, name, convert.__wrapped__)
