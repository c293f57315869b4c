"""A content's text apart from the rest of it: what an update in place (toandan.building.live) may
change of an article or page, and changes in place."""

from pelican.contents import Content

from toandan.accelerate.pelican import CONTEXT_ATTRIBUTE, TEXT_ATTRIBUTES

# What a re-read article may differ in from the kept one for an update in place: its text, the
# body and the summary (besides the build context it was read in).
TEXT = TEXT_ATTRIBUTES
TEXT_METADATA = {"summary"}


def same_but_text(kept: Content, fresh: Content) -> bool:
    """Whether a re-read content differs from the kept one in its text only."""
    ours = vars(kept)
    try:
        return all(name in ours and bool(ours[name] == value) for name, value in vars(fresh).items()
                   if name not in TEXT | {CONTEXT_ATTRIBUTE, "metadata"}) and \
            _without_text(kept.metadata) == _without_text(fresh.metadata)
    except Exception:  # noqa: BLE001 - a value that cannot be compared: not the same
        return False


def _without_text(metadata: dict) -> dict:
    return {name: value for name, value in metadata.items() if name not in TEXT_METADATA}


def text_of(content: Content) -> tuple[dict, dict]:
    """Its text: the text attributes it has, and the text metadata."""
    return ({name: value for name, value in vars(content).items() if name in TEXT},
            {name: value for name, value in content.metadata.items() if name in TEXT_METADATA})


def give_text(kept: Content, text: tuple[dict, dict]) -> None:
    """Changes kept's text to this (text_of), in place."""
    attributes, metadata = text
    for name in TEXT:
        if name in attributes:
            setattr(kept, name, attributes[name])
        elif name in vars(kept):
            delattr(kept, name)
    for name in TEXT_METADATA:
        if name in metadata:
            kept.metadata[name] = metadata[name]
        else:
            kept.metadata.pop(name, None)
