"""The parts every page shares (the footer's pages, the menu), rendered once per build, follow a
change made while ./dev livereload keeps its process: the next build in the same process shows it
on every page, as a build from nothing does."""

import pytest

from sitekit import CATEGORIES, files, fresh_build, write_article
from toandan.building.live import LiveSite

pytestmark = pytest.mark.slow  # builds a site several times

PAGE = "---\ntitle: {title}\nslug: gioi-thieu\n---\n\nTrang giới thiệu của cổng tin.\n"


def test_a_page_title_and_the_categories_changed_show_on_every_page_of_the_next_build(site, tmp_path):
    for number in range(4):
        write_article(site, number)
    site.write("pages/gioi-thieu.md", PAGE.format(title="Giới thiệu"))
    live = LiveSite(site.settings, site.output)
    live.build()
    changed = [site.write("pages/gioi-thieu.md", PAGE.format(title="Về cổng tin <b>tỉnh</b>")),
               site.write("data/categories.yaml", CATEGORIES.replace("Tin hoạt động: Hoạt động.",
                                                                     "Tin hoạt động: Hoạt động của các đơn vị."))]
    assert live.update(changed).full
    published = files(site.output)
    assert published == fresh_build(site, tmp_path)
    pages = [name for name in published if name.endswith(".html") and b'<footer class="site-footer">' in published[name]]
    assert len(pages) > 10
    assert all("Về cổng tin &lt;b&gt;tỉnh&lt;/b&gt;</a>" in published[name].decode() for name in pages)
    assert not any(b">Gi\xe1\xbb\x9bi thi\xe1\xbb\x87u</a>" in published[name] for name in pages)
