"""The period archives, grouped in one pass, are Pelican's own: the same periods, articles, order and
addresses, and the pages written where the settings say."""

from pelican.generators import ArticlesGenerator

from listings.archives import KEPT
from sitekit import Site, write_article
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
    settings = dict(generator.settings)
    for granularity, (save_as, url) in settings[KEPT].items():
        settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"] = save_as
        settings[f"{granularity.upper()}_ARCHIVE_URL"] = url
    assert settings["YEAR_ARCHIVE_SAVE_AS"] and settings["MONTH_ARCHIVE_SAVE_AS"]  # the site's archives

    pelicans = generator._build_period_archives(generator.dates, generator.articles, settings)

    ours = generator.period_archives
    assert list(ours) == list(pelicans) and generator.context["period_archives"] is ours
    for granularity in pelicans:
        assert len(ours[granularity]) == len(pelicans[granularity]) > 1
        for mine, theirs in zip(ours[granularity], pelicans[granularity]):
            assert mine.keys() == theirs.keys()
            for key in theirs:
                if key in ("dates", "articles"):
                    assert [a.slug for a in mine[key]] == [a.slug for a in theirs[key]]
                else:
                    assert mine[key] == theirs[key]


def test_a_build_writes_the_year_and_month_archives(tmp_path):
    site = Site(tmp_path / "site")
    for number in range(3):
        write_article(site, number)
    output = site.build()
    assert (output / "2021" / "index.html").is_file()
    months = {f"{1 + n % 12:02d}" for n in range(3)}
    assert all((output / "2021" / month / "index.html").is_file() for month in months)
    assert "Bài số 1 về phong trào" in (output / "2021" / "02" / "index.html").read_text(encoding="utf-8")
