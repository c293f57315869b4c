"""Scheduled articles: not on the site before their time; due (and published by a build) after it."""

import configparser
from datetime import timedelta

import pytest

from desk.schedule import due_articles
from sitekit import ROOT, GOOD_FRONT
from toandan.vietnamese import dates


@pytest.mark.slow  # builds the site
def test_an_article_dated_in_the_future_waits_for_its_time(site):
    later = dates.now() + timedelta(days=2)
    site.article("sau-nay", f"title: Bài hẹn giờ đăng\ndate: {later:%Y-%m-%d %H:%M}\ncategory: Tin hoạt động\n"
                            "unit: Công an tỉnh")
    site.article("hom-nay", GOOD_FRONT)
    output = site.build()
    assert (output / "2021/06/ra-mat-to-tu-quan/index.html").exists()
    assert not (output / f"{later:%Y/%m}/bai-hen-gio-dang/index.html").exists()
    assert "Bài hẹn giờ đăng" not in (output / "index.html").read_text(encoding="utf-8")
    assert due_articles(site.settings, output, dates.now()) == []
    # When its time has come (the clock two days on), it is due; once built, it is on the site.
    assert due_articles(site.settings, output, later + timedelta(minutes=1)) == ["content/articles/sau-nay.md"]


@pytest.mark.slow  # builds the site
def test_a_past_article_missing_from_the_site_is_due_and_the_build_publishes_it(site):
    site.article("hom-nay", GOOD_FRONT)
    output = site.build()
    site.article("vua-den-gio", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Bài vừa đến giờ"))
    site.article("nhap", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Bài nháp") + "status: draft\n")
    assert due_articles(site.settings, output, dates.now()) == ["content/articles/vua-den-gio.md"]
    site.build()
    assert due_articles(site.settings, output, dates.now()) == []


def test_the_timer_runs_the_task_every_minute():
    timer = configparser.ConfigParser(interpolation=None)
    timer.read_string((ROOT / "docs" / "deploy" / "toandan-publish-due.timer").read_text())
    assert timer["Timer"]["OnCalendar"] == "minutely"
    service = configparser.ConfigParser(interpolation=None)
    service.optionxform = str
    service.read_string((ROOT / "docs" / "deploy" / "toandan-publish-due.service").read_text())
    assert service["Service"]["ExecStart"].endswith("/dev publish-due --production")
    assert service["Service"]["Type"] == "oneshot"
