"""Pelican's period archives (YEAR_, MONTH_ and DAY_ARCHIVE_SAVE_AS, as Pelican documents them), grouped
in one pass over the articles. Pelican's own grouping looks for every article in every period's list,
a cost that grows with the square of the articles. Pelican is handed those settings blank when it
starts, so that it groups nothing; the archives it then writes are the ones grouped here."""

import calendar
from collections import defaultdict
from itertools import groupby
from operator import attrgetter

KEPT = "LISTINGS_PERIOD_ARCHIVES"  # the settings' own archive formats, kept for the build
PERIOD_OF = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def take_over(pelican) -> None:
    """At Pelican's start: keep the archive formats and hand Pelican blank ones."""
    settings = pelican.settings
    if KEPT in settings:
        return  # these settings were taken over already
    settings[KEPT] = {granularity: (settings.get(f"{granularity.upper()}_ARCHIVE_SAVE_AS", ""),
                                    settings.get(f"{granularity.upper()}_ARCHIVE_URL", ""))
                      for granularity in PERIOD_OF}
    for granularity in PERIOD_OF:
        settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"] = ""


def group_archives(generator) -> None:
    """The period archives as Pelican makes them: each period's articles newest first (`dates`) and
    in the listing's order (`articles`), its address, and its period as names and as numbers."""
    formats = generator.settings.get(KEPT)
    if formats is None:
        return  # not taken over: Pelican grouped them
    order = {id(article): number for number, article in enumerate(generator.articles)}
    archives = defaultdict(list)
    for granularity, period_of in PERIOD_OF.items():
        save_as, url = formats[granularity]
        if not save_as:
            continue
        for period, members in groupby(generator.dates, key=period_of):
            dates = list(members)
            first = dates[0].date
            # Pelican's: the listed articles of the period, in the listing's order.
            listed = sorted((article for article in dates if id(article) in order),
                            key=lambda article: order[id(article)])
            archive = {"dates": dates, "articles": listed,
                       "save_as": save_as.format(date=first), "url": url.format(date=first)}
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                month = calendar.month_name[period[1]]
                archive["period"] = (period[0], month) if granularity == "month" else (period[0], month, period[2])
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    generator.period_archives = archives
    generator.context["period_archives"] = archives
