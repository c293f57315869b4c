"""The checks every accelerator makes before it runs, and the switch that turns them all off."""

import pytest

from toandan import accelerate
from toandan.accelerate import markdown as markdown_accelerator


@pytest.fixture(autouse=True)
def fresh_checks(monkeypatch):
    monkeypatch.delenv(accelerate.ENVIRONMENT, raising=False)
    monkeypatch.delenv(accelerate.ENVIRONMENT_OFF, raising=False)
    accelerate.check_again()
    yield
    accelerate.check_again()


def test_a_check_that_finds_its_library_changed_turns_off_with_one_line(capsys):
    def needs():
        return "Writer không còn _open_w"

    assert not accelerate.ready("thu.nghiem", "pelican", ("4.11", "4.13"), needs)
    assert not accelerate.ready("thu.nghiem", "pelican", ("4.11", "4.13"), needs)  # said once
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["Tăng tốc thu.nghiem tắt: Writer không còn _open_w; "
                     "dùng cách thông thường của thư viện (đúng, chậm hơn)."]


def test_a_version_outside_the_checked_range_turns_the_accelerator_off(capsys):
    assert not accelerate.ready("thu.nghiem", "pelican", ("1.0", "2.0"), lambda: None)
    assert "nằm ngoài khoảng đã kiểm tra (1.0 đến dưới 2.0)" in capsys.readouterr().err


def test_a_check_that_raises_is_a_failed_check(capsys):
    def needs():
        raise TypeError("chữ ký khác")

    assert not accelerate.ready("thu.nghiem", "pelican", ("4.11", "4.13"), needs)
    assert "không kiểm tra được (TypeError: chữ ký khác)" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["environment", "setting"])
def test_the_switch_turns_every_accelerator_off_without_a_word(monkeypatch, capsys, how):
    settings = {}
    if how == "environment":
        monkeypatch.setenv(accelerate.ENVIRONMENT, "0")
    else:
        settings[accelerate.SETTING] = False
    assert markdown_accelerator.ready() is (how == "setting")  # the setting needs the settings
    assert not markdown_accelerator.ready(settings)
    assert capsys.readouterr().err == ""


def test_accelerators_turned_off_by_name_are_off_and_the_others_on(monkeypatch, capsys):
    from toandan.accelerate import pelican, pillow, whoosh

    monkeypatch.setenv(accelerate.ENVIRONMENT_OFF, "markdown.inline, pelican,whoosh")
    assert not markdown_accelerator.ready({}) and not whoosh.usable()
    assert not pelican.writer_ready({}) and not pelican.in_place_ready({})  # the library's name: all of its
    assert pillow.glyphs_ready({})
    assert capsys.readouterr().err == ""  # off on purpose: not a word


def test_the_installed_libraries_pass_every_check(capsys):
    from toandan.accelerate import collector, pelican, pillow, uvicorn, whoosh

    assert markdown_accelerator.ready({})
    assert pelican.writer_ready({}) and pelican.in_place_ready({})
    assert pillow.glyphs_ready({}) and collector.ready({}) and whoosh.usable()
    assert uvicorn.ready()
    assert capsys.readouterr().err == ""
