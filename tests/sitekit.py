"""Tiny sites built in tmp_path from their own content and registries."""

import shutil
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

INDICATORS = """\
phan-qua:
  label: Phần quà trao tặng
  measure: phần quà
  aggregate: sum
gia-tri-qua:
  label: Giá trị quà tặng
  measure: đồng
  aggregate: sum
to-tu-quan:
  label: Tổ tự quản
  measure: tổ
  aggregate: latest
ty-le-ho-van-hoa:
  label: Tỷ lệ hộ gia đình văn hóa
  measure: "%"
  aggregate: average
camera-an-ninh:
  label: Camera an ninh
  measure: camera
  aggregate: max
"""
CATEGORIES = "Tin hoạt động: Hoạt động.\nAn ninh trật tự: Tình hình.\n"
UNITS = "Công an tỉnh: Nòng cốt.\nỦy ban MTTQ tỉnh: Mặt trận.\n"

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
PATH = "content"
OUTPUT_PATH = "output"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
"""


def files(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path there: two builds compare equal when they wrote the same."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Site:
    """A throwaway site: content, registries and settings under one folder."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        for folder in ("articles", "pages", "images", "data"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
        self.write("data/indicators.yaml", INDICATORS)
        self.write("data/categories.yaml", CATEGORIES)
        self.write("data/units.yaml", UNITS)
        self.settings = root / "sitesettings.py"
        self.settings.write_text(SETTINGS.format(
            root=str(ROOT), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins")))

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def article(self, name: str, front: str, body: str = "Nội dung bài viết.") -> Path:
        return self.write(f"articles/{name}.md", f"---\n{textwrap.dedent(front).strip()}\n---\n\n{body}\n")

    def build(self) -> Path:
        from toandan.building.publish import build
        build(self.settings, self.output)
        return self.output

    def check(self):
        from toandan.building.publish import check
        return check(self.settings)


ARTICLE_CATEGORIES = ("Tin hoạt động", "An ninh trật tự")
ARTICLE_UNITS = ("Công an tỉnh", "Ủy ban MTTQ tỉnh")


def write_article(site: Site, number: int, title: str | None = None, body: str | None = None,
                  summary: bool | str = True) -> Path:
    """An article numbered number; summary: its own (True), none (False), or this text."""
    front = (f"title: {title or f'Bài số {number} về phong trào'}\n"
             f"date: 2021-{1 + number % 12:02d}-{1 + number % 27:02d} 08:{number % 60:02d}\n"
             f"slug: bai-{number}\ncategory: {ARTICLE_CATEGORIES[number % 2]}\nunit: {ARTICLE_UNITS[number // 2 % 2]}\n"
             f"tags: [the {number % 3}, chung]\n")
    if summary:
        front += f"summary: {'Tóm tắt bài %d.' % number if summary is True else summary}\n"
    if number % 4 == 0:
        front += "stats:\n  period: 2021\n  figures:\n    phan-qua: 1.200\n"
    return site.article(f"bai-{number}", front, body or f"Nội dung của bài {number}.\n\nĐoạn thứ hai.")


def fresh_build(site: Site, tmp_path: Path) -> dict[str, bytes]:
    """The same content and settings built from nothing: no cache, no previous build."""
    clean = Site(tmp_path / "clean")
    shutil.rmtree(clean.content)
    shutil.copytree(site.content, clean.content)
    return files(clean.build())


def tasks_on(site: Site, monkeypatch) -> Site:
    """site, with the invoke tasks (tasks/project.py) pointed at its folders for the test: root,
    content, settings and output."""
    from tasks import project  # noqa: PLC0415 - only the tests of tasks need it

    monkeypatch.setattr(project, "ROOT", site.root)
    monkeypatch.setattr(project, "CONTENT", site.content)
    monkeypatch.setattr(project, "SETTINGS", site.settings)
    monkeypatch.setattr(project, "OUTPUT", site.output)
    return site


GOOD_FRONT = """\
title: Ra mắt tổ tự quản
date: 2021-06-15 08:30
category: Tin hoạt động
unit: Công an tỉnh
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError(url)
