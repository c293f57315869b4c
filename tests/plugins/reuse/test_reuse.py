"""Pages linked from the previous build are exactly what rendering them would give."""

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import ROOT, files, fresh_build, write_article


def page_file(output: Path, number: int) -> Path:
    return next(output.glob(f"2021/*/bai-{number}/index.html"))


@pytest.fixture
def built(site):
    for number in range(14):
        write_article(site, number, summary=number % 5 != 0)
    site.build()
    return site


@pytest.mark.slow
def test_editing_a_body_renders_that_page_and_links_the_rest(built, tmp_path):
    before = built.output.resolve()
    write_article(built, 3, body="Nội dung đã sửa của bài 3.")
    after = built.build().resolve()
    assert "Nội dung đã sửa của bài 3." in page_file(after, 3).read_text(encoding="utf-8")
    assert page_file(after, 3).stat().st_ino != page_file(before, 3).stat().st_ino
    assert page_file(after, 4).stat().st_ino == page_file(before, 4).stat().st_ino  # linked, not rendered
    assert (after / "chuyen-muc/an-ninh-trat-tu/index.html").stat().st_ino == \
        (before / "chuyen-muc/an-ninh-trat-tu/index.html").stat().st_ino
    assert "Nội dung của bài 3." in page_file(before, 3).read_text(encoding="utf-8")  # the old build kept
    assert files(after) == fresh_build(built, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("change", ["title", "derived summary", "new", "deleted", "registry", "figure"])
def test_every_kind_of_change_gives_what_a_fresh_build_gives(built, tmp_path, change):
    if change == "title":
        write_article(built, 6, title="Tiêu đề mới của bài sáu")
    elif change == "derived summary":  # article 5 has no summary: listings show its first words
        write_article(built, 5, body="Câu mở đầu hoàn toàn mới.\n\nĐoạn thứ hai.", summary=False)
    elif change == "new":
        write_article(built, 14)
    elif change == "deleted":
        (built.content / "articles" / "bai-7.md").unlink()
    elif change == "figure":  # one report of one article: the roundup's pages change with it
        path = built.content / "articles" / "bai-4.md"
        path.write_text(path.read_text(encoding="utf-8").replace("phan-qua: 1.200", "phan-qua: 1.350"), encoding="utf-8")
    elif change == "registry":
        built.write("data/indicators.yaml", (built.content / "data/indicators.yaml").read_text(encoding="utf-8")
                    .replace("Phần quà trao tặng", "Suất quà trao tặng"))
    output = built.build()
    assert files(output) == fresh_build(built, tmp_path)


@pytest.mark.slow
def test_a_template_edit_renders_every_page_again(site, tmp_path):
    theme = tmp_path / "bench" / "theme"  # a folder named like the benchmark package is no exception
    shutil.copytree(ROOT / "theme", theme)
    site.settings.write_text(site.settings.read_text() + f"THEME = {str(theme)!r}\n")
    for number in range(4):
        write_article(site, number)
    site.build()
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "Mẫu mới</footer>"), encoding="utf-8")
    pages = list(site.build().rglob("index.html"))
    assert len(pages) > 10 and all("Mẫu mới" in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.slow
def test_a_page_is_rendered_again_when_it_cannot_be_described(built, monkeypatch):
    from reuse import digest

    def opaque(self, content):
        raise digest.UndescribableValue("test")

    monkeypatch.setattr(digest.Digests, "reference", opaque)
    before = built.output.resolve()
    after = built.build().resolve()
    assert page_file(after, 4).stat().st_ino != page_file(before, 4).stat().st_ino
    assert page_file(after, 4).read_bytes() == page_file(before, 4).read_bytes()


@pytest.mark.parametrize("source, reusable", [
    ("{{ article.title }}{{ article.content }}", True),
    ("{% extends 'base.html' %}{% block body %}{{ page.content }}{% endblock %}", True),
    ("{% for other in article.related %}{{ other.title }}{% endfor %}", True),
    ("{% for a in articles_page.object_list %}{{ a.content }}{% endfor %}", False),
    ("{% for article in articles_page.object_list %}{{ article.content }}{% endfor %}", False),
    ("{% set article = articles[0] %}{{ article.content }}", False),
    ("{{ articles[0]['content'] }}", False),
    ("{% include chosen %}", False),
])
def test_templates_that_show_other_contents_bodies_are_always_rendered(source, reusable):
    from jinja2 import DictLoader, Environment

    from reuse.digest import template_names

    environment = Environment(loader=DictLoader({"t.html": source, "base.html": "{{ categories }}{% block body %}{% endblock %}"}))
    names = template_names(environment, "t.html")
    assert (names is not None) == reusable
    if reusable and "extends" in source:
        assert "categories" in names


@pytest.mark.slow
def test_a_title_edit_renders_exactly_the_article_pages_that_show_the_title(built):
    before = built.output.resolve()
    old = "Bài số 6 về phong trào"
    write_article(built, 6, title="Tiêu đề mới của bài sáu")
    after = built.build().resolve()
    shown_in, rendered = set(), set()
    for page in before.glob("2021/*/bai-*/index.html"):
        name = str(page.relative_to(before))
        if old in page.read_text(encoding="utf-8"):
            shown_in.add(name)
        if (after / name).stat().st_ino != page.stat().st_ino:
            rendered.add(name)
    assert len(shown_in) > 1  # its own page, and neighbours or related articles that link to it
    assert rendered == shown_in
    assert all("Tiêu đề mới của bài sáu" in (after / name).read_text(encoding="utf-8") for name in rendered)
    home = (after / "index.html").read_text(encoding="utf-8")
    assert old not in home


def test_templates_read_once_answer_as_when_read_each_time():
    """A build reads each template once for every page template that extends or imports it."""
    from jinja2 import DictLoader, Environment

    from reuse.digest import template_names

    sources = {"base.html": "{{ categories }}{% block body %}{% endblock %}",
               "macros.html": "{% macro item(a) %}{{ a.title }}{{ SITE_PATH }}{% endmacro %}",
               "article.html": "{% extends 'base.html' %}{% from 'macros.html' import item with context %}"
                               "{% block body %}{{ article.content }}{{ item(article) }}{% endblock %}",
               "tag.html": "{% extends 'base.html' %}{% block body %}{{ tag }}{{ articles[0]['content'] }}{% endblock %}",
               "index.html": "{% extends 'base.html' %}{% block body %}{{ dates }}{% endblock %}"}
    read = []

    class CountingLoader(DictLoader):
        def get_source(self, environment, template):
            read.append(template)
            return super().get_source(environment, template)

    environment, parsed = Environment(loader=CountingLoader(sources)), {}
    alone = {name: template_names(Environment(loader=DictLoader(sources)), name) for name in ("article.html", "tag.html", "index.html")}
    shared = {name: template_names(environment, name, parsed) for name in ("article.html", "tag.html", "index.html")}
    assert shared == alone and alone["tag.html"] is None and {"categories", "article", "dates"} <= alone["article.html"] | alone["index.html"]
    assert sorted(read) == sorted(set(read))  # each template read once


def test_a_function_with_arguments_bound_is_described_by_what_it_calls():
    """functools.partial (the roundup's links): described by the function and its arguments, alike in
    every process, so its pages are not rendered again by every update in place."""
    import functools
    import posixpath

    from reuse.digest import Digests

    bound = functools.partial(posixpath.join, "thong-ke/")
    assert Digests().of(bound) == Digests().of(functools.partial(posixpath.join, "thong-ke/"))
    assert Digests().of(bound) != Digests().of(functools.partial(posixpath.join, "the/"))
    assert Digests().of(bound) != Digests().of(functools.partial(posixpath.join, "thong-ke/", "x"))


@pytest.mark.slow
def test_every_page_of_the_sample_site_is_described(tmp_path):
    """A page without a digest is rendered by every update in place (./dev build after a text edit):
    the roundup's 150 pages of the benchmark's 10,000 articles were, for any article edited."""
    from toandan.building.live import LiveSite

    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    site = LiveSite(tmp_path / "pelicanconf.py", tmp_path / "output")
    site.build()
    assert site._kept.reuse.undescribed == set()


def test_a_value_that_gives_its_own_digest_is_described_by_it():
    """__page_digest__ (plugins/reuse/digest.py): a value derived from many others says what it was
    made from, and is not walked."""
    import dataclasses

    from reuse.digest import Digests

    @dataclasses.dataclass
    class Derived:
        total: int
        made_from: bytes

        def __page_digest__(self) -> bytes:
            return self.made_from

    assert Digests().of([Derived(1, b"reports")]) == Digests().of([Derived(2, b"reports")])
    assert Digests().of([Derived(1, b"reports")]) != Digests().of([Derived(1, b"other reports")])


def test_site_wide_values_are_digested_once_for_all_the_pages_that_read_them():
    from reuse.digest import Digests

    digests, menu = Digests(), ["Tin hoạt động", "Gương sáng"]
    first = digests.site_wide((("SITENAME", "Công an tỉnh"), ("menu", menu)))
    assert digests.site_wide((("SITENAME", "Công an tỉnh"), ("menu", menu))) == first
    assert len(digests._site_wide) == 1
    assert digests.site_wide((("SITENAME", "Công an huyện"), ("menu", menu))) != first
    assert digests.site_wide((("SITENAME", "Công an tỉnh"), ("menu", menu[:1]))) != first
    assert Digests().site_wide((("SITENAME", "Công an tỉnh"), ("menu", list(menu)))) == first


@pytest.mark.parametrize("change", ["a value added", "a value that is an attribute replaced", "a value removed"])
def test_metadata_is_described_where_an_attribute_does_not_hold_it(change):
    """Content's metadata values that are its attributes too are described once, as attributes."""
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from reuse.digest import Digests

    def article():
        return Article("<p>Nội dung.</p>", metadata={"title": "Bài", "summary": "Tóm tắt.", "place": "Đồng Xoài"},
                       settings=DEFAULT_CONFIG, source_path="/bai.md")

    kept, changed = article(), article()
    assert changed.metadata["place"] is changed.place
    if change == "a value added":
        changed.metadata["unit"] = "Công an tỉnh"
    elif change == "a value that is an attribute replaced":
        changed.metadata["place"] = "Bình Phước"
    else:
        del changed.metadata["place"]
    assert Digests().reference(article()) == Digests().reference(kept)
    assert Digests().reference(changed) != Digests().reference(kept)


# A first build in a process of its own, which forks only when no other thread runs (a test before
# may leave one in this process). It prints, pickled, the digests and made-from sets its save kept, and
# whether the references were made in a forked process. argv: root, settings, output, result, shared.
FIRST_BUILD = """\
import pickle, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from reuse import writer
from toandan.building import forking
from toandan.building.publish import build, quiet_logging

saved, forked = [], []
real_save, real_beside = writer.Reuse.save, forking.beside

def save(reuse, output_path):
    real_save(reuse, output_path)
    saved.append((dict(reuse.keys), dict(reuse.made_from)))

def beside(target, *args, **kwargs):
    work = real_beside(target, *args, **kwargs)
    if getattr(target, "__name__", "") == "references":
        forked.append(work.forked)
    return work

writer.Reuse.save, forking.beside = save, beside
if sys.argv[5] == "shared":
    writer.REFERENCES_SHARED_FROM, writer.REFERENCES_CHUNK = 2, 3
quiet_logging()
build(sys.argv[2], sys.argv[3])
with open(sys.argv[4], "wb") as result:
    pickle.dump((saved[-1], forked), result)
"""


@pytest.mark.slow
def test_references_made_in_two_processes_give_the_digests_made_in_one(site, tmp_path):
    """A large site's first build describes its pages' contents half in a forked process: the
    pages' digests, and the contents each was made from (what an update in place follows), are
    those made in one."""
    for number in range(8):
        write_article(site, number, summary=number % 3 != 0)

    def first_build(mode: str) -> tuple[tuple[dict, dict], list[bool]]:
        shutil.rmtree(site.root / "cache", ignore_errors=True)
        shutil.rmtree(site.output, ignore_errors=True)
        result = tmp_path / f"{mode}.pickle"
        subprocess.run([sys.executable, "-c", FIRST_BUILD, str(ROOT), str(site.settings), str(site.output),
                        str(result), mode], cwd=site.root, check=True, capture_output=True)
        with open(result, "rb") as kept:
            return pickle.load(kept)

    alone, forked_alone = first_build("alone")
    shared, forked = first_build("shared")
    assert forked_alone == [] and forked == [True]
    assert len(alone[0]) > 20 and shared[0] == alone[0]
    assert {name: set().union(*made_from) for name, made_from in shared[1].items()} == \
        {name: set().union(*made_from) for name, made_from in alone[1].items()}
