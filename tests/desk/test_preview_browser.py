"""The preview in Debian's Chromium: the theme's page as a reader's browser shows it, with the
upload of an unsaved article, the site's stylesheet and the theme's own script, nothing refused."""

import io

import pytest


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 120, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    from browser_harness import CHROMIUM, CHROMIUM_ARGS  # noqa: PLC0415 - the browser tests' launcher

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def test_the_preview_shows_the_page_with_its_unsaved_upload(chromium, desk_server, desk_site):
    site, _ = desk_site
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(desk_server.url + "/")
    page.fill("#name", "lan")
    page.fill("#password", "mat-khau-cua-lan")
    page.click("button:has-text('Đăng nhập')")
    page.click("nav >> text=Ảnh")
    page.set_input_files("#anh", {"name": "hop-to.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    page.click("button:has-text('Tải lên')")
    image = page.locator("#da-tai code").inner_text()
    page.click("text=Viết bài mới")
    page.fill("#f-title", "Họp tổ tự quản ấp Tân Lập")
    page.fill("#f-image", image)
    page.fill("#f-image_alt", "Người dân dự họp tổ")
    page.fill("#f-image_caption", "Buổi họp tổ tháng 11")
    page.fill("#f-body", "Tổ họp bàn việc giữ an ninh.")
    # From here on, in any page of the context: a script error, anything the policy refuses, a
    # file that fails (the reader widgets' calls aside: a preview has no reader endpoint).
    problems = []
    context.on("weberror", lambda error: problems.append(str(error.error)))
    context.on("console", lambda message: problems.append(message.text)
               if "Content Security Policy" in message.text else None)
    context.on("response", lambda answer: problems.append(f"{answer.status} {answer.url}")
               if answer.status >= 400 and "/xem-truoc/api/" not in answer.url else None)
    with context.expect_page() as opened:
        page.click("button:has-text('Xem trước')")
    preview = opened.value
    preview.wait_for_load_state("load")
    assert preview.locator("h1.article-title").inner_text() == "Họp tổ tự quản ấp Tân Lập"
    assert preview.locator(".lead-image figcaption").inner_text() == "Buổi họp tổ tháng 11"
    assert preview.locator(".lead-image img").evaluate("img => img.complete && img.naturalWidth") == 320
    assert preview.evaluate("document.documentElement.classList.contains('js')")  # the theme's inline script ran
    label = preview.locator("label.visually-hidden").first  # the site's stylesheet applied
    assert label.evaluate("e => getComputedStyle(e).position") == "absolute"
    assert problems == []
    context.close()
    assert not list(site.content.glob("articles/**/*hop-to*")) and not site.output.exists()


def test_the_form_previews_live_as_the_article_is_typed(chromium, desk_server):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems = []
    context.on("weberror", lambda error: problems.append(str(error.error)))
    context.on("console", lambda message: problems.append(message.text)
               if "Content Security Policy" in message.text or "frame" in message.text.lower() else None)
    page.goto(desk_server.url + "/")
    page.fill("#name", "hung")
    page.fill("#password", "mat-khau-cua-hung")
    page.click("button:has-text('Đăng nhập')")
    page.click("text=Trao quà cho hộ nghèo biên giới")
    frame = page.frame_locator("iframe[name=xem-truoc-khung]")
    expect(frame.locator("h1.article-title")).to_have_text("Trao quà cho hộ nghèo biên giới", timeout=30_000)
    expect(frame.locator("section.stats")).to_contain_text("1.250 phần quà")
    page.fill("#f-title", "Trao 1.250 phần quà cho hộ nghèo biên giới")
    expect(frame.locator("h1.article-title")).to_have_text("Trao 1.250 phần quà cho hộ nghèo biên giới")
    assert problems == []
    context.close()
