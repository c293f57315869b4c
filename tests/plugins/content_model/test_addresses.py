"""Addresses are fixed once the site is read, and they are the ones Pelican works out."""

from pelican.contents import Article

from sitekit import Site, write_article


def test_each_address_is_fixed_as_pelican_works_it_out(tmp_path):
    site = Site(tmp_path)
    for number in range(4):
        write_article(site, number)
    site.article("ban-nhap", "title: Bài nháp\ndate: 2021-03-01\nstatus: draft\ncategory: Tin hoạt động\nunit: Công an tỉnh")
    site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n")
    from toandan.building.publish import read_site

    generators = read_site(site.settings)
    articles, pages = generators[0], next(g for g in generators if hasattr(g, "hidden_pages"))
    contents = articles.articles + articles.drafts + pages.pages
    assert len(contents) == 6
    for content in contents:
        fixed = content.override_url
        del content.override_url  # Pelican's own answer, from the settings and the final metadata
        assert fixed == content.url
    assert {a.url for a in articles.articles} == {f"2021/{1 + n % 12:02d}/bai-{n}/" for n in range(4)}
    assert [d.url for d in articles.drafts] == [""] and [p.url for p in pages.pages] == ["gioi-thieu/"]
    assert all(isinstance(a, Article) for a in articles.articles)
