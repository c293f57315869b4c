"""ACCELERATE = False in a site's settings turns every accelerator off for its build, as
TOANDAN_ACCELERATE=0 does (README, Settings; docs/build.md, Accelerators)."""

import pytest

from sitekit import write_article
from toandan import accelerate


@pytest.fixture
def ran(monkeypatch, tmp_path):
    """The accelerators that a build let run, whether in its own process or in one it forked:
    every check that answered yes is written to a file."""
    monkeypatch.delenv(accelerate.ENVIRONMENT, raising=False)
    monkeypatch.delenv(accelerate.ENVIRONMENT_OFF, raising=False)
    accelerate.check_again()
    record = tmp_path / "ran.txt"
    record.touch()
    ready = accelerate.ready

    def recording(name, *args, **kwargs):
        answer = ready(name, *args, **kwargs)
        if answer:
            with open(record, "a", encoding="utf-8") as out:
                out.write(name + "\n")
        return answer

    monkeypatch.setattr(accelerate, "ready", recording)
    yield lambda: sorted(set(record.read_text(encoding="utf-8").split()))
    accelerate.check_again()


@pytest.mark.parametrize("how", ["environment", "setting"])
def test_the_switch_turns_every_accelerator_off_for_a_build(site, ran, monkeypatch, how):
    for number in range(4):
        write_article(site, number, body=f"Nội dung của bài {number}: *mới*.\n\nĐoạn hai.")
    if how == "setting":
        site.settings.write_text(site.settings.read_text() + "ACCELERATE = False\n")
    else:
        monkeypatch.setenv(accelerate.ENVIRONMENT, "0")
    site.build()
    assert ran() == []


@pytest.mark.slow  # a site large enough for the build to fork (its readers, its card drawer)
def test_the_setting_turns_the_accelerators_off_in_the_processes_a_build_forks(site, ran, alone):
    for number in range(300):
        write_article(site, number)
    site.settings.write_text(site.settings.read_text() + "ACCELERATE = False\n")
    site.build()
    assert ran() == []
