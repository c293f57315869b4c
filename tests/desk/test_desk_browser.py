"""The main flow in Debian's Chromium: write with two statistics (one typed wrong), submit, approve, publish."""

import io

from playwright.sync_api import expect

from desk_harness import DeskServer


def photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def sign_in(browser, server: DeskServer, name: str, password: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", has_touch=True,
                                  is_mobile=True)  # a phone
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Script errors, and any file the page loads (stylesheet, icon) that fails; the form's own answers
    # may be 4xx on purpose (422: problems to fix), and the live preview's reader widgets find no
    # reader endpoint behind the desk, on purpose too.
    page.on("response", lambda answer: errors.append(f"{answer.status} {answer.url}")
            if answer.status >= 400 and answer.request.resource_type != "document"
            and "/xem-truoc/api/" not in answer.url else None)
    page.goto(server.url + "/")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(server.url + "/")
    return context, page, errors


def test_write_submit_approve_publish(chromium, desk_server, desk_site):
    site, _ = desk_site
    context, page, errors = sign_in(chromium, desk_server, "lan", "mat-khau-cua-lan")
    page.click("text=Viết bài mới")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    # The phone's camera fills the form's own photo input (a touch screen shows it).
    page.set_input_files("#f-anh-chup", {"name": "trao-qua-tet.png", "mimeType": "image/png", "buffer": photo()})
    page.fill("#f-title", "Trao quà Tết cho hộ khó khăn ở Lộc Tấn")
    page.select_option("#f-category", "Tin hoạt động")
    page.select_option("#f-unit", "Công an tỉnh")
    page.fill("#f-body", "Đoàn đã trao quà cho các hộ khó khăn.")
    page.click(".tag-hints button:has-text('quà tặng')")
    assert page.input_value("#f-tags") == "quà tặng"
    rows = page.locator("fieldset.stats tbody tr[id^=so-lieu]")
    rows.nth(0).locator("select[name=stat_indicator]").select_option("phan-qua")
    rows.nth(0).locator("input[name=stat_value]").fill("1,000")
    rows.nth(0).locator("input[name=stat_period]").fill("quý 4/2021")
    rows.nth(1).locator("select[name=stat_indicator]").select_option("to-tu-quan")
    rows.nth(1).locator("input[name=stat_value]").fill("12")
    rows.nth(1).locator("input[name=stat_period]").fill("quý 3/2021")
    # Read while typed (the desk's script), before anything is sent.
    expect(page.locator("#so-lieu-0 [data-reading=value]")).to_contain_text("hai cách hiểu")
    page.click("button:has-text('Gửi duyệt')")

    message = page.locator("#so-lieu-0 .error")
    assert "có hai cách hiểu" in message.inner_text()
    assert "chưa gửi duyệt được" in page.locator("#thong-bao").inner_text().lower()
    expect(page.locator("#trang-thai")).to_have_text("Nháp")
    assert "cần mô tả ảnh" in page.locator("#loi-image_alt").inner_text()  # the photo, stored, wants its text
    image = page.input_value("#f-image")
    assert image.startswith("images/trao-qua-tet-") and image.endswith(".png")
    assert page.locator("#anh-hien-tai").evaluate("img => img.decode().then(() => img.naturalWidth)") == 800
    page.fill("#f-image_alt", "Cán bộ trao quà Tết cho người dân")
    assert page.locator("#so-lieu-1 .reading").first.inner_text() == "đọc là: 12 tổ"
    page.locator("#so-lieu-0 input[name=stat_value]").fill("1.000")
    page.click("button:has-text('Gửi duyệt')")
    expect(page.locator("#trang-thai")).to_have_text("Chờ duyệt")
    with context.expect_page() as opened:
        page.click("button:has-text('Xem trước')")
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator(".body").inner_text() == "Đoàn đã trao quà cho các hộ khó khăn."
    preview.close()
    assert page.locator("#so-lieu-0 .reading").first.inner_text() == "đọc là: 1.000 phần quà"
    assert page.locator("#so-lieu-0 .reading").nth(1).inner_text() == "01/10/2021 – 31/12/2021"
    context.close()

    context, page, approver_errors = sign_in(chromium, desk_server, "hung", "mat-khau-cua-hung")
    page.select_option("select[name=trang-thai]", "pending")
    page.click("button:has-text('Lọc')")
    page.click("text=Trao quà Tết cho hộ khó khăn ở Lộc Tấn")
    page.click("button:has-text('Xuất bản')")
    # The status page reloads itself (no script) while the site is built, then links to the page.
    expect(page.locator("#trang-thai-dung[data-state=done]")).to_be_visible(timeout=300_000)
    address = page.locator("#bai-tren-trang").get_attribute("href")
    page.click("text=Về bài")
    expect(page.locator("#trang-thai")).to_have_text("Đã xuất bản")
    context.close()

    published = site.output / address.split("://", 1)[1].split("/", 1)[1] / "index.html"
    html = published.read_text(encoding="utf-8")
    assert "Trao quà Tết cho hộ khó khăn ở Lộc Tấn" in html and "1.000" in html
    assert 'alt="Cán bộ trao quà Tết cho người dân"' in html
    from bs4 import BeautifulSoup

    box = BeautifulSoup(html, "html.parser").select_one("section.stats")
    assert [" ".join(row.get_text(" ", strip=True).split()) for row in box.select("tbody tr")] == [
        "Phần quà trao tặng 1.000 phần quà quý 4/2021 Công an tỉnh",
        "Tổ tự quản 12 tổ quý 3/2021 Công an tỉnh"]
    roundup = (site.output / "thong-ke" / "2021" / "index.html").read_text(encoding="utf-8")
    assert "2.250" in roundup  # the 1.250 of quý 3 already on the site, and these 1.000 of quý 4
    assert errors == [] and approver_errors == []


def test_figures_found_in_the_body_are_accepted_into_the_table(chromium, desk_server):
    context, page, errors = sign_in(chromium, desk_server, "lan", "mat-khau-cua-lan")
    page.click("text=Viết bài mới")
    page.fill("#f-body", "Xã ra mắt 12 tổ tự quản. Đoàn trao 300 phần quà trị giá 90 triệu đồng cho hộ nghèo.")
    page.click("button:has-text('Tìm số liệu trong bài')")
    found = page.locator("#goi-y > ol > li")
    expect(found.locator(".value")).to_have_text(["12 tổ", "300 phần quà", "90 triệu đồng"])
    assert found.nth(1).locator("mark").inner_text() == "300 phần quà"
    found.nth(1).locator("button:has-text('Thêm vào bảng số liệu')").click()
    assert page.locator("#so-lieu-0 select[name=stat_indicator]").input_value() == "phan-qua"
    assert page.locator("#so-lieu-0 input[name=stat_value]").input_value() == "300 phần quà"
    assert page.locator("#so-lieu-0 .reading").first.inner_text() == "đọc là: 300 phần quà"
    expect(page.locator("#goi-y > ol > li .value")).to_have_text(["12 tổ", "90 triệu đồng"])
    context.close()
    assert errors == []
