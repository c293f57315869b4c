"""An article submitted for review (status: pending) is valid content that the build keeps off the site."""

import pytest

from sitekit import GOOD_FRONT


@pytest.mark.slow  # builds the site
def test_a_pending_article_is_checked_and_built_as_a_draft(site):
    site.article("cho-duyet", GOOD_FRONT + "status: pending\n")
    site.article("da-dang", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Bài đã đăng"))
    assert site.check() == []
    output = site.build()
    assert (output / "2021/06/bai-da-dang/index.html").exists()
    assert not (output / "2021/06/ra-mat-to-tu-quan/index.html").exists()
    assert "Ra mắt tổ tự quản" not in (output / "index.html").read_text(encoding="utf-8")
