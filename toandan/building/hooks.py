"""What the build and its plugins tell each other: settings the build's tasks set, the signals sent
once files are read ahead and when text is re-read for an update in place, where reading leaves
its problems, and the files outside content/ and theme/ pages are made from."""

import os
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import blinker

READ_ONLY_SETTING = "BUILD_READ_ONLY"  # set by read_site: plugins start no work that only a build's output takes
# Set by toandan.building.live for a build it keeps on disk: the process that keeps it, after publishing,
# also saves what the build records for the next one (the reuse plugin's page digests).
RECORDS_SAVED_BEHIND_SETTING = "BUILD_SAVES_RECORDS_BEHIND"
# Set by ./dev rebuild, which builds without the caches (set aside): the search index, kept outside
# them, is written afresh too.
FROM_SCRATCH_SETTING = "BUILD_FROM_SCRATCH"


# Files outside content/ and theme/ that pages are made from (the roundup's readership snapshot), by
# absolute path, with their stamps as read (None: absent); a plugin names each with outside_input.
OUTSIDE_INPUTS = "toandan_outside_inputs"


class ReadAheadMetadata(NamedTuple):
    """What a file read ahead holds that plugins may start work on (content_model.readahead)."""

    title: str | None
    date: datetime | None
    status: str


# Sent (sender: the generator) once the files a generator is about to read are read on every core,
# with read_metadata={source path: ReadAheadMetadata}, before Pelican's pass over the reads, which
# leaves a core idle.
read_ahead = blinker.signal("toandan-read-ahead")


# Sent (sender: the kept build's first generator) with contents=[content re-read for an update in
# place (toandan.building.live)], before their text replaces the kept content's: a plugin that changes
# the text of what a build read (article_html) changes theirs alike.
text_reread = blinker.signal("toandan-text-reread")

# In a generator's context: the problems reading its files found (content_model), reported at once.
PROBLEMS_KEY = "content_problems"


def reading_only(settings: dict) -> bool:
    """True in read_site (./dev check, the roundup draft): no page will be written."""
    return bool(settings.get(READ_ONLY_SETTING))


def outside_input(context: dict, path: Path | str) -> Path:
    """Names a file outside content/ and theme/ that pages are made from, read now or found absent:
    a build kept on disk (toandan.building.live) is taken up only while each is as it was read."""
    path = Path(os.path.abspath(path))
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        stamp = None
    context.setdefault(OUTSIDE_INPUTS, {})[str(path)] = stamp
    return path
