"""Period archives found at once are Pelican's own, list for list and article for article."""

import pytest
from pelican.generators import ArticlesGenerator

from sitekit import Site, write_article


@pytest.mark.parametrize("days", [False, True], ids=["years and months", "with days"])
def test_period_archives_are_pelicans_own(tmp_path, days):
    site = Site(tmp_path)
    for number in range(30):  # write_article spreads them over the months and days of 2021
        write_article(site, number)
    site.article("cu", "title: Bài năm trước\ndate: 2020-12-31 23:00\ncategory: Tin hoạt động\nunit: Công an tỉnh")
    # Oldest first in the archives, newest first in the listings: a period's 'articles' keep the latter.
    extra = "NEWEST_FIRST_ARCHIVES = False\n"
    if days:
        extra += 'DAY_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/index.html"\n'
    site.settings.write_text(site.settings.read_text() + extra)
    from toandan.build.publish import read_site

    generator = next(g for g in read_site(site.settings) if isinstance(g, ArticlesGenerator))
    assert "_build_period_archives" in vars(generator)  # this build's archives were grouped here
    pelicans = ArticlesGenerator._build_period_archives(generator, generator.dates, generator.articles,
                                                        generator.settings)
    ours = generator.period_archives
    assert set(ours) == set(pelicans) == ({"year", "month", "day"} if days else {"year", "month"})
    for granularity, archives in pelicans.items():
        assert len(ours[granularity]) == len(archives) > 1
        for mine, theirs in zip(ours[granularity], archives):
            assert mine.keys() == theirs.keys()
            for name in ("dates", "articles"):
                assert [id(a) for a in mine[name]] == [id(a) for a in theirs[name]] and mine[name]
            assert {k: v for k, v in mine.items() if k not in ("dates", "articles")} == \
                   {k: v for k, v in theirs.items() if k not in ("dates", "articles")}
