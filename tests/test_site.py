"""The whole sample site, built for real into tmp_path."""

import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitekit import ROOT
from toandan.building.atomic import TRASH
from toandan.building.publish import build
from toandan.building.problems import ContentError

ARTICLES = sorted((ROOT / "content" / "articles").rglob("*.md"))
KNOWN = "2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/index.html"


def page(sample: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((sample / "output" / relative).read_text(encoding="utf-8"), "html.parser")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_sample_content_is_big_enough():
    assert len(ARTICLES) >= 40
    years = {path.parent.name for path in ARTICLES}
    assert {"2020", "2021", "2022"} <= years


def test_every_article_is_published_at_its_url(sample):
    pages = list((sample / "output").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    assert len(pages) == len(ARTICLES)


@pytest.mark.parametrize("url", [
    KNOWN,
    "chuyen-muc/tin-hoat-dong/index.html",
    "chuyen-muc/tin-hoat-dong/trang/2/index.html",
    "chuyen-muc/phong-chong-toi-pham/index.html",
    "the/bien-gioi/index.html",
    "don-vi/cong-an-tinh/index.html",
    "don-vi/cong-an-huyen-bu-dop/index.html",
    "don-vi/uy-ban-mttq-tinh/index.html",
    "don-vi/index.html",
    "2021/index.html",
    "2021/12/index.html",
    "trang/2/index.html",
    "gioi-thieu/index.html",
    "lien-he/index.html",
])
def test_url_scheme(sample, url):
    assert (sample / "output" / url).is_file()


def test_known_article_page(sample):
    soup = page(sample, KNOWN)
    assert soup.html["lang"] == "vi"
    assert soup.select_one(".dateline time").get_text(strip=True) == "Chủ nhật - 26/12/2021 21:42"
    assert soup.select_one("article")["data-article-id"] == "cong-an-tinh-tang-cuong-cong-tac-dan-van"
    crumbs = soup.select_one(".breadcrumb").get_text(" ", strip=True)
    assert crumbs == "Trang chủ › Tin hoạt động"


def test_statistics_block_of_known_article(sample):
    rows = {row["data-indicator"]: row for row in page(sample, KNOWN).select(".stats tbody tr")}
    assert set(rows) == {"phan-qua", "gia-tri-qua", "nha-tinh-thuong", "hoc-bong"}
    gifts = rows["phan-qua"].select_one("td.num")
    assert gifts.get_text(strip=True) == "8.230 phần quà" and gifts["data-value"] == "8230"
    money = rows["gia-tri-qua"].select_one("td.num span")
    assert money.get_text(strip=True) == "3,68 tỷ đồng"
    assert money["title"] == "3.678.000.000 đồng"
    assert rows["phan-qua"].select("td")[1].get_text(strip=True) == "năm 2021"
    assert rows["phan-qua"].select("td")[2].get_text(strip=True) == "Công an tỉnh"


@pytest.mark.slow
def test_a_broken_article_fails_the_build_and_keeps_the_published_site(sample):
    output = sample / "output"
    before_target, before_digest = output.resolve(), tree_digest(output)
    broken = sample / "content" / "articles" / "2022" / "tet-nham-dan-an-toan.md"
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("vu-khi-thu-hoi: 41", "vu-khi-thu-hoi: 4.1"), encoding="utf-8")
    try:
        with pytest.raises(ContentError) as failure:
            build(sample / "pelicanconf.py", output)
    finally:
        broken.write_text(original, encoding="utf-8")
    [problem] = failure.value.problems
    assert problem.path == "content/articles/2022/tet-nham-dan-an-toan.md"
    assert problem.line == 11 and "dấu phẩy" in problem.reason
    assert output.resolve() == before_target
    assert tree_digest(output) == before_digest
    leftovers = [p for p in (sample / ".output-builds").iterdir()
                 if p != before_target and not p.name.startswith(TRASH)]
    assert len(leftovers) <= 1  # only the previous build kept for rollback, no half-built one


@pytest.mark.slow
def test_a_good_rebuild_swaps_in_new_output(sample):
    output = sample / "output"
    before = output.resolve()
    build(sample / "pelicanconf.py", output)
    assert output.is_symlink() and output.resolve() != before
    assert (output / KNOWN).is_file()
    assert oct((output.resolve()).stat().st_mode & 0o777) == "0o755"
