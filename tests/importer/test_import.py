"""A folder of saved pages of both systems -> articles that build, with redirects and seeded
counters; a second run changes nothing; an editor's change is kept unless --force."""

import io

import pytest
from bs4 import BeautifulSoup

from endpoint.legacy import read_legacy_all
from endpoint.manifest import Manifest
from importer.articles import front_matter
from importer.run import COUNTERS, ImportSettings, import_pages
from sitekit import files


def run(project, saved_pages, force=False):
    return import_pages([str(saved_pages)], ImportSettings(root=project.root, force=force), stream=io.StringIO())


def articles(project) -> dict[str, dict]:
    return {path.relative_to(project.content).as_posix(): front_matter(path.read_text(encoding="utf-8"))
            for path in sorted((project.content / "articles").rglob("*.md"))}


def fill_mapping(project) -> None:
    """What the editor does between the two runs: map the old names the first run listed."""
    mapping = project.content / "data" / "legacy-categories.yaml"
    text = mapping.read_text(encoding="utf-8")
    for old, new in (("Phòng chống tội phạm", "An ninh trật tự"), ("Mô hình tiêu biểu", "Tin hoạt động"),
                     ("Phòng Cảnh sát hình sự", "Công an tỉnh")):
        text = text.replace(f'"{old}":\n', f'"{old}": "{new}"\n')
    mapping.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_folder_of_both_systems_becomes_articles_that_build_with_redirects(project, saved_pages):
    first = run(project, saved_pages)
    counts = first.counts()
    assert (counts["imported"], counts["skipped"]) == (6, 3)
    reasons = {page.source.rsplit("/", 1)[1]: page.reason for page in first.pages if page.reason}
    assert "NukeViet hay Plone" in reasons["blog-ca-nhan.html"]
    assert "thân bài" in reasons["trang-hong.html"] and "tiêu đề" in reasons["khong-tieu-de.html"]

    # The mapping file lists the old names; those that are already the registry's are filled in.
    mapping = (project.content / "data" / "legacy-categories.yaml").read_text(encoding="utf-8")
    assert '"Phòng chống tội phạm":\n' in mapping and '"An ninh trật tự": "An ninh trật tự"' in mapping
    written = articles(project)
    drafts = {name for name, data in written.items() if data.get("status") == "draft"}
    assert "articles/2022/nam-cach-nhan-biet-cuoc-goi-lua-dao.md" in drafts
    text = (project.content / "articles/2022/nam-cach-nhan-biet-cuoc-goi-lua-dao.md").read_text(encoding="utf-8")
    assert 'status: draft  # thiếu chuyên mục (chưa ánh xạ "Phòng chống tội phạm"' in text
    assert "category" not in written["articles/2022/nam-cach-nhan-biet-cuoc-goi-lua-dao.md"]  # nothing invented

    fill_mapping(project)
    second = run(project, saved_pages)
    assert second.counts()["updated"] == 2 and second.anything_imported
    published = articles(project)["articles/2021/xa-tan-hoa-ra-quan-tuan-tra-dem.md"]
    assert published["legacy_url"].endswith("/news/an-ninh-trat-tu/xa-tan-hoa-ra-quan-tuan-tra-dem-120.html")
    assert (published["legacy_views"], published["legacy_rating"]) == ("297", "5/1")
    body = (project.content / "articles/2021/xa-tan-hoa-ra-quan-tuan-tra-dem.md").read_text(encoding="utf-8")
    # The link to another imported page now points at its new article.
    assert "[Tân Hòa trao quà cho tổ tự quản]({filename}/articles/2021/tan-hoa-trao-qua-cho-to-tu-quan.md)" in body
    assert len(list((project.content / "images" / "legacy").iterdir())) == 5

    assert project.check() == []
    output = project.build()
    page = BeautifulSoup((output / "2021/12/xa-tan-hoa-ra-quan-tuan-tra-dem/index.html").read_bytes(), "html.parser")
    article = page.find("div", class_="body").get_text(" ")
    assert "Chia địa bàn theo từng xóm" in article
    for chrome in ("Một tin khác", "Bạn đã không sử dụng Site", "Thời tiết", "In bài viết", "297", "đánh giá",
                   "Nguyễn Văn Hùng", "Từ khóa", "Liên kết website"):
        assert chrome not in article
    assert "Nguồn tin" in page.get_text() and "Công an tỉnh" in page.get_text()  # the theme's own line
    figures = (output / "2021/03/ket-qua-phong-trao-nam-2020-o-cac-huyen-bien-gioi/index.html").read_text(
        encoding="utf-8")
    assert "<table>" in figures and "Hội nghị tổng kết phong trào tại huyện Lộc Ninh" in figures
    redirects = (output / "legacy-redirects.map").read_text(encoding="utf-8")
    assert ('"/news/an-ninh-trat-tu/xa-tan-hoa-ra-quan-tuan-tra-dem-120.html" '
            '"/2021/12/xa-tan-hoa-ra-quan-tuan-tra-dem/";') in redirects
    assert ('"/index.php?language=vi&nv=news&op=tin-tuc/ket-qua-phong-trao-nam-2020-95.html" '
            '"/2021/03/ket-qua-phong-trao-nam-2020-o-cac-huyen-bien-gioi/";') in redirects
    static = (output / "news/an-ninh-trat-tu/xa-tan-hoa-ra-quan-tuan-tra-dem-120.html").read_text(encoding="utf-8")
    assert 'content="0; url=/2021/12/xa-tan-hoa-ra-quan-tuan-tra-dem/"' in static
    # Drafts have no public page, so no redirect yet.
    assert "tan-hoa-trao-qua" not in redirects

    # The counters' seeds are what ./dev import-legacy reads, against the built site's articles.
    views, _, _, ratings = read_legacy_all(project.root / COUNTERS, Manifest(output / "articles.json"))
    assert views == {"xa-tan-hoa-ra-quan-tuan-tra-dem": 297}
    assert ratings == {"xa-tan-hoa-ra-quan-tuan-tra-dem": (5, 1)}

    before = files(project.content)
    third = run(project, saved_pages)
    assert third.counts()["unchanged"] == 6 and files(project.content) == before


def test_an_article_edited_after_import_is_kept_unless_forced(project, saved_pages):
    run(project, saved_pages)
    path = project.content / "articles/2021/xa-tan-hoa-ra-quan-tuan-tra-dem.md"
    edited = path.read_text(encoding="utf-8").replace("hơn ba mươi đoàn viên", "ba mươi hai đoàn viên")
    path.write_text(edited, encoding="utf-8")
    again = run(project, saved_pages)
    kept = next(page for page in again.pages if page.article.endswith("xa-tan-hoa-ra-quan-tuan-tra-dem.md"))
    assert kept.outcome == "skipped" and "--force" in kept.reason
    assert path.read_text(encoding="utf-8") == edited
    forced = run(project, saved_pages, force=True)
    assert "updated" in {page.outcome for page in forced.pages}
    assert "hơn ba mươi đoàn viên" in path.read_text(encoding="utf-8")
    assert len(list((project.content / "articles").rglob("*.md"))) == 6  # the same files, no duplicate


def test_nothing_importable_is_a_failed_run(project, tmp_path):
    folder = tmp_path / "only-bad"
    folder.mkdir()
    (folder / "a.html").write_text("<html><body><p>Không phải trang tin.</p></body></html>", encoding="utf-8")
    report = import_pages([str(folder)], ImportSettings(root=project.root), stream=io.StringIO())
    assert not report.anything_imported
    assert "Tổng: 0 đã nhập, 0 đã cập nhật, 0 không đổi, 1 bỏ qua." in report.lines()
    assert not (project.content / "data" / "legacy-categories.yaml").exists()


def test_a_saved_page_without_its_address_is_imported_once_without_a_redirect(project, saved_pages):
    page = saved_pages / "plone" / "quy-che-phoi-hop.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<link rel="canonical"', '<link rel="alternate"'),
                    encoding="utf-8")
    for _ in range(2):
        report = import_pages([str(page)], ImportSettings(root=project.root), stream=io.StringIO())
    [outcome] = report.pages
    assert outcome.outcome == "unchanged" and any("không có chuyển hướng" in w for w in outcome.warnings)
    assert [path.name for path in (project.content / "articles").rglob("*.md")] == \
        ["quy-che-phoi-hop-giua-cong-an-va-mat-tran.md"]
    assert "legacy_url" not in articles(project)["articles/2022/quy-che-phoi-hop-giua-cong-an-va-mat-tran.md"]


def test_two_pages_with_one_old_address_make_one_article(project, saved_pages):
    again = saved_pages / "zz-ban-sao" / "ra-quan.html"
    again.parent.mkdir()
    original = (saved_pages / "nukeviet" / "ra-quan-tuan-tra-dem.html").read_text(encoding="utf-8")
    again.write_text(original.replace("ra quân tuần tra đêm</h1>", "ra quân tuần tra đêm (bản sửa)</h1>"),
                     encoding="utf-8")
    for _ in range(2):
        report = run(project, saved_pages)
    copy = next(page for page in report.pages if page.source.endswith("ra-quan.html"))
    assert copy.outcome == "skipped" and "ra-quan-tuan-tra-dem.html" in copy.reason
    assert report.counts()["unchanged"] == 6
