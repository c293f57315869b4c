"""Under embargo: a draft, a submitted, a scheduled or a hidden article (or page) leaves no trace on
the public site, in the search index or in the redirects; the published ones are there."""

from datetime import timedelta
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from desk.schedule import due_articles
from toandan.vietnamese import dates

PUBLISHED = "title: Tổ tự quản ra mắt congkhai\ndate: 2021-06-15 08:30\ncategory: Tin hoạt động\nunit: Công an tỉnh\n" \
            "tags: [tổ tự quản]\nstats:\n  period: quý 2/2021\n  figures:\n    phan-qua: 1.200\n"
# Each unpublished article carries one made-up word in its title (so in its slug), a tag and its
# body: any file that mentions the article in any way holds that word.
UNPUBLISHED = {
    "nhap": "status: draft",
    "choduyet": "status: pending",
    "an": "status: hidden",
    "hengio": None,  # published, dated two days from now
}


def _front(word: str, status: str | None, later) -> str:
    date = f"{later:%Y-%m-%d %H:%M}" if status is None else "2021-06-20 09:00"
    return (f"title: Bài kín {word}mat\ndate: {date}\ncategory: Tin hoạt động\nunit: Công an tỉnh\n"
            f"tags: [thẻ {word}mat]\nlegacy_url: http://cu.example.vn/tin/{word}mat.html\n"
            f"stats:\n  period: quý 2/2021\n  figures:\n    phan-qua: 7.777.777\n"
            + (f"{status}\n" if status else ""))


def _mentions(folder: Path, words: list[str]) -> list[str]:
    """Each file under folder (through links) whose name or bytes hold one of the words, with the word."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name, data = str(path.relative_to(folder)), path.read_bytes().lower()
            found += [f"{name}: {word}" for word in words if word in name or word.encode() in data]
    return found


@pytest.mark.slow  # builds the site
def test_nothing_unpublished_reaches_the_site_the_index_or_the_redirects(site):
    later = dates.now() + timedelta(days=2)
    site.article("cong-khai", PUBLISHED, "Bài đã đăng congkhai.")
    for word, status in UNPUBLISHED.items():
        site.article(word, _front(word, status, later), f"Nội dung riêng {word}mat.")
    site.write("pages/trang-nhap.md", "---\ntitle: Trang nhapmat\nstatus: draft\n---\n\nTrang nhapmat.\n")
    site.write("pages/trang-an.md", "---\ntitle: Trang anmat\nstatus: hidden\n---\n\nTrang anmat.\n")
    output = site.build()
    words = [f"{word}mat" for word in UNPUBLISHED]
    assert _mentions(output, words + ["7.777.777", "7777777", "7.778.977", "7778977", "ban-nhap"]) == []
    assert {path.relative_to(output).as_posix() for path in output.joinpath("2021").rglob("index.html")} == {
        "2021/index.html", "2021/06/index.html", "2021/06/to-tu-quan-ra-mat-congkhai/index.html"}
    assert "congkhai" in (output / "articles.json").read_text(encoding="utf-8")
    assert "congkhai" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "congkhai" in (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert (output / "legacy-redirects.map").read_text(encoding="utf-8") == ""
    assert "1.200" in (output / "thong-ke" / "2021" / "index.html").read_text(encoding="utf-8")  # its figure alone
    # The search index: no stored field and no indexed word of an unpublished article.
    with whoosh_index.open_dir(str(site.root / "var" / "search-index")).reader() as reader:
        stored = [str(fields) for fields in reader.all_stored_fields()]
        terms = [text if isinstance(text, bytes) else str(text).encode() for _, text in reader.all_terms()]
    assert len(stored) == 1 and "congkhai" in stored[0]  # the published article alone
    assert [fields for fields in stored for word in words if word in fields] == []
    assert [term for term in terms for word in words if word.encode() in term] == []
    assert any(b"congkhai" in term for term in terms)
    # The scheduled article is due once its time has come; the others never are.
    assert due_articles(site.settings, output, dates.now()) == []
    assert due_articles(site.settings, output, later + timedelta(minutes=1)) == ["content/articles/hengio.md"]


@pytest.mark.slow  # builds the site twice
def test_an_article_taken_back_for_review_leaves_the_site_and_the_index(site):
    site.article("cong-khai", PUBLISHED, "Bài đã đăng congkhai.")
    site.article("khac", PUBLISHED.replace("congkhai", "conlai"), "Bài còn lại conlai.")
    output = site.build()
    assert _mentions(output, ["congkhai"]) != []
    site.article("cong-khai", PUBLISHED + "status: pending\n", "Bài đã đăng congkhai.")
    output = site.build()
    assert _mentions(output, ["congkhai"]) == [] and _mentions(output, ["conlai"]) != []
    with whoosh_index.open_dir(str(site.root / "var" / "search-index")).reader() as reader:
        assert [str(fields) for fields in reader.all_stored_fields() if "congkhai" in str(fields)] == []
        assert reader.doc_count() == 1
