"""Smartypants, the one place that changes its module state: the dashes Pelican's typography asks
for. Checked against smartypants 2.0 (the range in pyproject.toml).
"""

import smartypants

# What each of smartypants' conversions acts on (content_model's reader skips smartypants for a text
# with none of them).
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
