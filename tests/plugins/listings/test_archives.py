"""The period archives, grouped in one pass, are Pelican's own: the same periods, articles, order and
addresses, and the pages written where the settings say."""

import inspect
import json
import subprocess
import sys

from pelican.generators import ArticlesGenerator

from listings.archives import KEPT
from sitekit import ROOT, Site, write_article
from toandan.building.publish import read_site


def test_the_archives_grouped_in_one_pass_are_those_pelican_groups(tmp_path):
    site = Site(tmp_path / "site")
    for number in range(14):
        write_article(site, number)
    # Two articles of the same minute, and one of another year.
    site.article("cung-phut", "title: Cùng phút\ndate: 2021-03-04 08:03\nslug: cung-phut\ncategory: Tin hoạt động\n"
                 "unit: Công an tỉnh\n")
    site.article("nam-truoc", "title: Năm trước\ndate: 2020-12-31 23:59\nslug: nam-truoc\ncategory: Tin hoạt động\n"
                 "unit: Công an tỉnh\n")
    generator = next(g for g in read_site(site.settings) if isinstance(g, ArticlesGenerator))
    assert all(generator.settings[KEPT][granularity][0] for granularity in ("year", "month"))  # the site's archives
    ours = generator.period_archives
    assert generator.context["period_archives"] is ours

    # Pelican's own grouping: the same site read without this plugin, in a process of its own (a
    # plugin, once registered, answers Pelican's signals for the rest of the process).
    alone = site.root / "pelican-alone.py"
    alone.write_text(site.settings.read_text() + "PLUGINS = [name for name in PLUGINS if name != 'listings']\n")
    pelicans = json.loads(subprocess.run([sys.executable, "-c", PELICAN_ALONE, str(alone)], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout)
    assert pelicans["year"] and pelicans["month"]
    assert described(ours) == pelicans and list(ours) == list(pelicans)  # the same, in the same order


def described(archives) -> dict:
    """Each granularity's archives with their articles as slugs, comparable across processes."""
    return {granularity: [{key: [article.slug for article in value] if key in ("dates", "articles") else
                           list(value) if isinstance(value, tuple) else value
                           for key, value in archive.items()} for archive in periods]
            for granularity, periods in archives.items()}


# Pelican's period archives, described, read with the settings named first.
PELICAN_ALONE = inspect.getsource(described) + """
import json, sys
from pelican.generators import ArticlesGenerator
from toandan.building.publish import read_site
generator = next(g for g in read_site(sys.argv[1]) if isinstance(g, ArticlesGenerator))
assert "LISTINGS_PERIOD_ARCHIVES" not in generator.settings
print(json.dumps(described(generator.period_archives)))
"""


def test_a_build_writes_the_year_and_month_archives(tmp_path):
    site = Site(tmp_path / "site")
    for number in range(3):
        write_article(site, number)
    output = site.build()
    assert (output / "2021" / "index.html").is_file()
    months = {f"{1 + n % 12:02d}" for n in range(3)}
    assert all((output / "2021" / month / "index.html").is_file() for month in months)
    assert "Bài số 1 về phong trào" in (output / "2021" / "02" / "index.html").read_text(encoding="utf-8")
