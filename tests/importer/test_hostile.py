"""Hostile input to the importer: pages and images made to break it, each refused with a warning."""

import struct
import zlib

from importer.images import Images


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG whose header claims width × height: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_an_image_claiming_too_many_pixels_is_left_out_not_a_crash(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    page = saved / "bai.html"
    page.write_text("<html></html>", encoding="utf-8")
    for name, size in (("vua.png", (12_000, 10_000)), ("bom.png", (100_000, 100_000))):
        (saved / name).write_bytes(png_claiming(*size))
    images = Images(tmp_path / "content", fetcher=None)
    for name in ("vua.png", "bom.png"):
        warnings: list[str] = []
        assert images.bring(name, "", page, warnings) is None
        assert len(warnings) == 1 and "điểm ảnh" in warnings[0]
    assert images.copied == 0
    assert not (tmp_path / "content" / "images").exists()


def test_invisible_characters_of_a_mis_encoded_page_do_not_make_the_article_unreadable(tmp_path):
    import io

    from content_model.frontmatter import split
    from importer.mapping import LegacyMapping
    from importer.run import MAPPING, ImportSettings, import_pages
    from sitekit import Site

    from importer_fixtures import PAGES

    project = Site(tmp_path / "project")
    page = tmp_path / "quy-che.html"
    text = (PAGES / "plone" / "quy-che-phoi-hop.html").read_text(encoding="utf-8")
    for old, new in (("Quy chế phối hợp giữa", "Quy chế\x7f phối hợp\ufffe giữa"),
                     ("Chính sách pháp luật</a>", "Chính sách\x9d pháp luật</a>"),
                     ("Những điểm chính", "Những\x81 điểm chính")):
        assert old in text
        text = text.replace(old, new)
    page.write_text(text, encoding="utf-8")
    report = import_pages([str(page)], ImportSettings(root=project.root), stream=io.StringIO())
    [written] = (project.content / "articles").rglob("*.md")
    data = split(written.read_text(encoding="utf-8")).data
    assert report.pages[0].outcome == "imported"
    assert data["title"] == "Quy chế phối hợp giữa Công an và Mặt trận"
    assert data["summary"].startswith("Những điểm chính")
    assert data["status"] == "draft"
    mapping = LegacyMapping.load(project.root / MAPPING, project.content / "data")
    assert "Chính sách pháp luật" in mapping.names["categories"]


def test_a_page_nested_thousands_deep_is_skipped_and_the_others_imported(tmp_path):
    import io

    from importer.run import ImportSettings, import_pages
    from sitekit import Site

    from importer_fixtures import PAGES

    project = Site(tmp_path / "project")
    saved = tmp_path / "saved"
    saved.mkdir()
    text = (PAGES / "plone" / "quy-che-phoi-hop.html").read_text(encoding="utf-8")
    paragraph = "<p>Quy chế gồm các nội dung chính sau:</p>"
    assert paragraph in text
    (saved / "a-binh-thuong.html").write_text(text, encoding="utf-8")
    deep = text.replace(paragraph, "<div>" * 3000 + "Sâu" + "</div>" * 3000 + paragraph)
    deep = deep.replace("Quy chế phối hợp giữa Công an và Mặt trận", "Một bài lồng sâu")
    deep = deep.replace("/quy-che-phoi-hop", "/long-sau")  # another old address
    (saved / "b-long-sau.html").write_text(deep, encoding="utf-8")
    report = import_pages([str(saved)], ImportSettings(root=project.root), stream=io.StringIO())
    outcomes = {outcome.source.rsplit("/", 1)[-1]: outcome for outcome in report.pages}
    assert outcomes["a-binh-thuong.html"].outcome == "imported"
    assert outcomes["b-long-sau.html"].outcome == "skipped" and "lồng" in outcomes["b-long-sau.html"].reason
