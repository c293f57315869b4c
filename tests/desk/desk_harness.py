"""A tiny site with two desk accounts, and a client that signs in and posts forms as a browser does."""

import re
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from desk.accounts import APPROVER, EDITOR, Accounts
from desk.app import app
from desk.config import DeskConfig
from sitekit import Site, free_port

# A cheaper scrypt than the desk's own (stored with each hash, so verification follows it): tests sign in often.
TEST_COST = {"n": 2**10, "r": 8, "p": 1}
PASSWORDS = {"lan": "mat-khau-cua-lan", "hung": "mat-khau-cua-hung"}
HIDDEN = re.compile(r'<input type="hidden" name="(csrf|opened)" value="([^"]*)">')

ARTICLE = """\
---
title: Trao quà cho hộ nghèo biên giới
date: 2021-10-05 09:15
category: Tin hoạt động
tags: [quà tặng, biên giới]
unit: Công an tỉnh
author: Phòng Xây dựng phong trào
stats:
  period: quý 3/2021
  figures:
    phan-qua: 1.250
---

Đoàn công tác đã trao **1.250** phần quà cho các hộ nghèo.
"""


def make_desk(root: Path) -> tuple[Site, DeskConfig]:
    site = Site(root / "site")
    (site.content / "articles" / "2021").mkdir(parents=True, exist_ok=True)
    (site.content / "articles" / "2021" / "trao-qua.md").write_text(ARTICLE, encoding="utf-8")
    var = root / "var"
    config = DeskConfig(settings=site.settings, output=site.output, users=var / "desk-users.toml",
                        audit=var / "desk-audit.log", secret=var / "desk-secret")
    accounts = Accounts(config.users, cost=TEST_COST)
    accounts.add("lan", EDITOR, PASSWORDS["lan"])
    accounts.add("hung", APPROVER, PASSWORDS["hung"])
    return site, config


def hidden(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


class DeskServer:
    """The desk under a real uvicorn on a free loopback port, in a thread of the test's process."""

    def __init__(self, config: DeskConfig):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app(config), host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.clients: list[httpx.Client] = []  # closed with the server
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the desk did not start")
            time.sleep(0.02)

    def stop(self, wait: bool = True) -> None:
        """Stops the server; without wait, its last tenths of a second (uvicorn's shutdown ticks)
        run beside what comes next, and whoever stopped it joins the thread later."""
        for client in self.clients:
            client.close()
        self.server.should_exit = True
        if wait:
            self.join()

    def join(self) -> None:
        """Waits for a stopped server's thread to end."""
        self.thread.join(10)


class DeskClient:
    """One browser's session with the desk: its own cookies."""

    def __init__(self, server: DeskServer):
        self.http = httpx.Client(base_url=server.url, follow_redirects=False, timeout=120)
        server.clients.append(self.http)

    def login(self, name: str, password: str | None = None):
        page = self.http.get("/dang-nhap")
        return self.http.post("/dang-nhap", data={"csrf": hidden(page.text)["csrf"], "name": name,
                                                  "password": PASSWORDS[name] if password is None else password})

    def form(self, url: str) -> dict[str, str]:
        page = self.http.get(url)
        assert page.status_code == 200, page.text
        return hidden(page.text)

    def post(self, url: str, fields: dict, **extra):
        return self.http.post(url, data=fields, **extra)


def article_fields(**changes) -> dict:
    """A new article's form, as a browser posts it."""
    fields = {"title": "Ra mắt tổ tự quản ở ấp Tân Lập", "date": "2021-11-02 08:00", "category": "Tin hoạt động",
              "unit": "Công an tỉnh", "tags": "tổ tự quản", "summary": "", "image": "", "image_caption": "",
              "image_alt": "", "slug": "", "author": "", "source": "",
              "stat_indicator": ["phan-qua", "to-tu-quan", ""], "stat_value": ["8.230", "12", ""],
              "stat_period": ["quý 3/2021", "quý 3/2021", ""], "stat_unit": ["", "", ""],
              "body": "\nTổ tự quản ra mắt với 12 thành viên.\n", "action": "luu"}
    fields.update(changes)
    return fields


def browser_fields(html: str, action: str) -> dict[str, list[str]]:
    """What a browser posts for the page's article form when the button with this action is pressed."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", class_="article")
    fields: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name:
            continue
        if element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            value = chosen.get("value", chosen.get_text()) if chosen else ""
        elif element.name == "textarea":
            value = element.get_text()
            value = value[1:] if value.startswith("\n") else value  # as HTML parsers drop it
        elif element.get("type") == "checkbox":
            if not element.has_attr("checked"):
                continue
            value = element.get("value", "on")
        else:
            value = element.get("value", "")
        fields.setdefault(name, []).append(value)
    fields["action"] = [action]
    return fields
