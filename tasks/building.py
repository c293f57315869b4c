"""Building the site: check, build, rebuild, publish, publish-due, clean; and the one line each
build says."""

import gc
import sys
from decimal import Decimal

from invoke import Exit, task

from toandan.building.problems import ContentError
from toandan.vietnamese import dates

from . import project


def build_site(settings, from_scratch: bool = False) -> None:
    """A full build, or an update in place of the pages made from the text of the articles edited
    since the last build (toandan.building.live.build_or_update)."""
    from toandan.building.live import build_or_update
    from toandan.building.publish import quiet_logging

    quiet_logging()
    say_built(build_or_update, settings, project.OUTPUT, from_scratch)


def _build_and_end(settings, from_scratch: bool = False) -> None:
    build_site(settings, from_scratch)
    # The task's process ends here: collecting the site's objects (their references to each other
    # make cycles) at its exit would take seconds, for nothing.
    gc.freeze()


def read_site_or_exit():
    """The site read and checked, without building; content problems are printed and end the task."""
    from toandan.building.publish import quiet_logging, read_site

    quiet_logging()
    try:
        return read_site(project.SETTINGS)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        raise Exit(code=error.exitcode) from None


SHOWN_WAITING = 20  # articles with suggestions waiting that check names one by one


@task
def check(c):
    """Validate all content without building; list every problem at once, and say how many figures
    suggested from the prose (stats_suggested) wait for an editor."""
    generators = read_site_or_exit()
    print("Nội dung hợp lệ.")
    from content_model.checks import suggestions_waiting  # importable once read_site loaded the plugins
    from toandan.vietnamese.numbers import format_number

    if waiting := suggestions_waiting(generators):
        print(f"{format_number(sum(waiting.values()))} số liệu gợi ý từ nội dung bài (stats_suggested) "
              f"trong {format_number(len(waiting))} bài đang chờ biên tập viên duyệt:")
        for label, count in list(waiting.items())[:SHOWN_WAITING]:
            print(f"  {label}: {count}")
        if len(waiting) > SHOWN_WAITING:
            print(f"  ... và {format_number(len(waiting) - SHOWN_WAITING)} bài khác")


@task
def build(c):
    """Build the site into output/ (atomically: a failed build changes nothing); after edits to
    articles' text only, update the pages made from it in place."""
    _build_and_end(project.SETTINGS)


@task
def clean(c):
    """Remove the built site and Pelican's caches."""
    from toandan.building.atomic import remove

    for path in (project.OUTPUT, project.ROOT / ".output-builds", project.ROOT / "cache"):
        remove(path)


@task
def rebuild(c):
    """Build from scratch, without caches, the search index written afresh; the published site
    and index stay until the new ones are swapped in, and stay if the build fails."""
    from toandan.building.atomic import TRASH, remove_behind, set_aside
    from toandan.building.lock import build_turn

    trash = project.ROOT / f"{TRASH}rebuild"
    with build_turn(project.SETTINGS):  # no other build is using the caches set aside
        set_aside(project.ROOT / "cache", trash)  # removed after the build: see set_aside
        try:
            _build_and_end(project.SETTINGS, from_scratch=True)
        finally:
            remove_behind([trash])


@task
def publish(c):
    """Build for production with publishconf.py (site address from TOANDAN_SITEURL)."""
    _build_and_end(project.PUBLISH_SETTINGS)


@task(help={"production": "build with publishconf.py, as ./dev publish does (the systemd timer's way)"})
def publish_due(c, production=False):
    """Build when a scheduled article's time has come; nothing when none is due (run every minute)."""
    from desk.schedule import due_articles
    from toandan.building.live import LiveSite
    from toandan.building.lock import build_turn
    from toandan.building.publish import quiet_logging

    settings = project.PUBLISH_SETTINGS if production else project.SETTINGS
    if not (due := due_articles(settings, project.OUTPUT, dates.now())):
        return
    print("Đến giờ đăng:", *due, sep="\n  ", flush=True)
    # Not a second build in line behind a running one: the next minute's check builds if still due.
    with build_turn(settings, queue=False) as turn:
        if not turn.held:
            return
        if turn.waited and not due_articles(settings, project.OUTPUT, dates.now()):
            print("Lần dựng vừa xong đã đăng các bài này.", flush=True)
            return
        quiet_logging()
        # A full build: no file changed, so an update in place (./dev build) would find nothing to do.
        say_built(LiveSite(settings, project.OUTPUT, keep_on_disk=True).build)
    gc.freeze()


def say_built(step, *args) -> None:
    """Runs one build (or update) and says what it did in one line; content problems are printed
    and end the task, with nothing published."""
    from toandan.vietnamese.numbers import format_number

    try:
        update = step(*args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        print("Chưa xuất bản gì: trang đã xuất bản trước đó vẫn giữ nguyên.", file=sys.stderr)
        raise Exit(code=error.exitcode) from None
    seconds = format_number(Decimal(update.seconds).quantize(Decimal("0.01")))
    if update.full:
        print(f"Đã dựng lại toàn bộ trang trong {seconds} giây: {_in_words(update.published)}.", flush=True)
    elif update.written:
        print(f"Đã cập nhật tại chỗ {update.written} tệp trong {seconds} giây.", flush=True)
    elif update.restored:
        print("Trang không có gì thay đổi; chỉ mục tìm kiếm bị xóa hoặc không đọc được nên đã được viết lại.",
              flush=True)
    else:
        print("Không có gì thay đổi từ lần dựng trước: trang đã xuất bản vẫn giữ nguyên.", flush=True)


# What Pelican's own summary ("Done: Processed 42 articles, 0 drafts, ...") counts, in Vietnamese.
KINDS = {"articles": "bài viết", "drafts": "bài nháp", "hidden_articles": "bài ẩn",
         "pages": "trang", "hidden_pages": "trang ẩn", "draft_pages": "trang nháp"}


def _in_words(counts: dict[str, int]) -> str:
    """'42 bài viết, 2 trang': articles and pages always, drafts and hidden content when there are any."""
    from toandan.vietnamese.numbers import format_number

    return ", ".join(f"{format_number(counts.get(kind, 0))} {label}" for kind, label in KINDS.items()
                     if counts.get(kind) or kind in ("articles", "pages"))
