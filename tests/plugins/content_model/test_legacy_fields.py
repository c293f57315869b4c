"""The front matter fields an imported article carries: its old address and counters; and a draft
that waits for its category and unit."""

import pytest

FRONT = "title: Bài cũ\ndate: 2021-12-26 21:42\ncategory: Tin hoạt động\nunit: Công an tỉnh\n"


def reasons(site) -> list[str]:
    return [problem.reason for problem in site.check()]


def test_old_address_and_counters_are_accepted(site):
    site.article("cu", FRONT + 'legacy_url: "http://congan.example.gov.vn/index.php?nv=news&op=a-1.html"\n'
                              'legacy_views: "297"\nlegacy_rating: "9/2"\n')
    assert site.check() == []


@pytest.mark.parametrize("field, value, words", [
    ("legacy_url", "javascript:alert(1)", "legacy_url"),
    ("legacy_url", "tin-tuc/a.html", "legacy_url"),
    ("legacy_views", "2.97", "legacy_views"),
    ("legacy_views", "-5", "legacy_views"),
    ("legacy_views", "²", "legacy_views"),
    ("legacy_rating", "4,5", "legacy_rating"),
])
def test_a_wrong_old_address_or_counter_is_named(site, field, value, words):
    site.article("cu", FRONT + f'{field}: "{value}"\n')
    found = reasons(site)
    assert len(found) == 1 and words in found[0]


def test_a_draft_may_wait_for_its_category_and_unit_but_a_published_article_may_not(site):
    site.article("nhap", "title: Bài nháp\ndate: 2021-12-26 21:42\nstatus: draft  # thiếu chuyên mục\n")
    assert site.check() == []
    site.article("nhap", "title: Bài nháp\ndate: 2021-12-26 21:42\n")
    assert sorted(reasons(site)) == ["thiếu trường bắt buộc 'category'", "thiếu trường bắt buộc 'unit'"]

