"""Redirects from old portal addresses: the nginx map and the static pages a build writes."""

from redirects.generator import map_line, page_path
from toandan.old_addresses import request_target

FRONT = "title: \"{title}\"\ndate: 2021-12-26 21:42\ncategory: Tin hoạt động\nunit: Công an tỉnh\n"


def test_an_old_address_is_one_safe_token_for_nginx():
    assert request_target("http://Old.Example.vn/news/a-1.html#top") == "/news/a-1.html"
    assert request_target("https://old.example.vn/tin-tuc/bai/view") == "/tin-tuc/bai"
    assert request_target("/tin tức/\"bài\";$x") == "/tin%20t%E1%BB%A9c/%22b%C3%A0i%22%3B%24x"
    assert request_target("http://o.vn/index.php?language=vi&nv=news&op=a/b-9.html") == \
        "/index.php?language=vi&nv=news&op=a/b-9.html"
    assert map_line("/a.html", "/2021/12/a/") == '"/a.html" "/2021/12/a/";\n'


def test_where_a_static_page_can_stand():
    assert str(page_path("/news/a-1.html")) == "news/a-1.html"
    assert str(page_path("/tin-tuc/bai")) == "tin-tuc/bai/index.html"
    assert str(page_path("/tin-tuc/")) == "tin-tuc/index.html"
    assert page_path("/index.php?nv=news") is None
    assert page_path("/") is None
    assert page_path("/a/%2E%2E/%2E%2E/etc") is None


def test_a_build_writes_the_map_and_pages_without_covering_the_new_site(site):
    site.article("moi", FRONT.format(title="Bài <mới>") + "legacy_url: http://old.vn/tin-tuc/bai-moi\n")
    site.article("trung", FRONT.format(title="Trùng") + "slug: trung\nlegacy_url: http://old.vn/the/\n")
    site.article("hoi", FRONT.format(title="Có hỏi") + "slug: co-hoi\nlegacy_url: http://old.vn/index.php?id=7\n")
    site.article("khong", FRONT.format(title="Không có địa chỉ cũ") + "slug: khong\n")
    output = site.build()
    lines = (output / "legacy-redirects.map").read_text(encoding="utf-8").splitlines()
    # /the/ is the new site's tag index: it stays the new site's page, in the map too.
    assert lines == ['"/index.php?id=7" "/2021/12/co-hoi/";', '"/tin-tuc/bai-moi" "/2021/12/bai-moi/";']
    page = (output / "tin-tuc" / "bai-moi" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=/2021/12/bai-moi/"' in page and "Bài &lt;mới&gt;" in page and "<mới>" not in page
    assert 'lang="vi"' in page and "Bài viết đã chuyển địa chỉ" in page
    assert "refresh" not in (output / "the" / "index.html").read_text(encoding="utf-8")


def test_a_site_without_old_addresses_has_an_empty_map_and_a_waiting_draft_builds(site):
    # nginx includes the map whether or not any article has an old address.
    site.article("khong", FRONT.format(title="Bài") + "slug: khong\n")
    site.article("nhap", "title: Bài nháp\ndate: 2021-12-26 21:42\nstatus: draft  # thiếu chuyên mục\n"
                         "legacy_url: http://old.vn/tin/nhap-3.html\n")
    output = site.build()
    assert (output / "legacy-redirects.map").read_text(encoding="utf-8") == ""  # a draft has no page to go to
    assert not (output / "ban-nhap").exists()  # an unpublished article has no page
    assert not (output / "tin" / "nhap-3.html").exists()


def test_no_static_page_where_the_old_path_is_not_one_file_name():
    for address in ("http://old.vn//etc/x.html", "http://old.vn/%2Fx", "http://old.vn/a/%2F%2Fb", "http://old.vn/a%00b.html",
                    "http://old.vn/a%0Ab.html", "http://old.vn/a%5C..%5Cb", "http://old.vn/a/./b",
                    "http://old.vn/tin/" + "a" * 256 + ".html"):
        assert page_path(request_target(address)) is None, address
    assert str(page_path(request_target("http://old.vn/tin tức/bài 1.html"))) == "tin tức/bài 1.html"
