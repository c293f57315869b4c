"""The body: the portal's chrome left out, the rest as Markdown that renders as the old text did."""

import io

import markdown
from bs4 import BeautifulSoup

from importer.chrome import strip_chrome
from importer.markdown import html_to_markdown
from importer.progress import Progress


def cleaned(html: str) -> str:
    soup = BeautifulSoup(f"<div>{html}</div>", "html.parser")
    strip_chrome(soup.div)
    return soup.div.get_text(" ", strip=True)


def test_chrome_inside_the_body_is_left_out_and_the_article_kept():
    text = cleaned("""
      <p>Đêm qua tổ tự quản tuần tra bốn tuyến đường trong ấp.</p>
      <p>Tổng số điểm của bài viết là: 12 trong 3 đánh giá</p>
      <div>Click để đánh giá bài viết</div>
      <p>Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập. Thời gian chờ: 60 giây</p>
      <h3>Những tin cũ hơn</h3><ul><li><a href="/a.html">Tin cũ</a></li></ul>
      <p>No title...</p>
      <ul class="share"><li><a href="#">Chia sẻ</a></li></ul>
      <p>Tổ sẽ họp rút kinh nghiệm vào cuối tháng.</p>
      <script>nv_rating()</script><form><input name="q"></form>""")
    assert text == "Đêm qua tổ tự quản tuần tra bốn tuyến đường trong ấp. Tổ sẽ họp rút kinh nghiệm vào cuối tháng."


def test_a_sentence_that_mentions_the_words_of_the_chrome_is_kept():
    for sentence in ("Người dân đánh giá cao việc Công an xã chia sẻ số điện thoại trực ban, tổng số điểm "
                     "thi đua của ấp đứng đầu huyện.",
                     "Chia sẻ với phóng viên, Trưởng Công an xã cho biết tổ tuần tra đã hoạt động đều đặn.",
                     "Thời tiết những ngày qua mưa nhiều nhưng các tổ vẫn đi tuần đủ ca.",
                     "Đăng nhập vào ứng dụng VNeID, người dân có thể gửi tin báo cho Công an xã."):
        assert cleaned(f"<p>{sentence}</p>") == sentence


def test_markdown_keeps_the_text_as_written():
    written = html_to_markdown(
        "<p>* Không phải danh sách, 1. cũng không, #5 không phải tiêu đề, a_b_c và [x](y) là chữ, "
        "&lt;b&gt; là chữ.</p><p>2021. Một năm nhiều việc.</p>")
    rendered = BeautifulSoup(markdown.markdown(written, extensions=["extra"]), "html.parser")
    assert [p.get_text() for p in rendered.find_all("p")] == [
        "* Không phải danh sách, 1. cũng không, #5 không phải tiêu đề, a_b_c và [x](y) là chữ, <b> là chữ.",
        "2021. Một năm nhiều việc."]
    assert rendered.find(["ul", "ol", "h1", "b", "a", "em"]) is None


def test_markdown_structure():
    written = html_to_markdown(
        "<h1>Tiêu đề phụ</h1><p>Có <strong>đậm</strong>, <em>nghiêng</em> và "
        "<a href='https://a.vn/x'>liên kết</a>.</p><ol><li>Một<ul><li>Một rưỡi</li></ul></li><li>Hai</li></ol>"
        "<table><tr><td>Huyện</td><td>Số tổ</td></tr><tr><td>Lộc Ninh</td><td>214</td></tr></table>"
        "<blockquote><p>Lời dặn.</p></blockquote>")
    rendered = BeautifulSoup(markdown.markdown(written, extensions=["extra"]), "html.parser")
    assert rendered.h2.get_text() == "Tiêu đề phụ"  # the article's title is the page's only h1
    assert rendered.strong.get_text() == "đậm" and rendered.em.get_text() == "nghiêng"
    assert rendered.a["href"] == "https://a.vn/x"
    assert [li.get_text(" ", strip=True) for li in rendered.ol.find_all("li", recursive=False)] == \
        ["Một Một rưỡi", "Hai"]
    assert [td.get_text() for td in rendered.table.find_all(["th", "td"])] == ["Huyện", "Số tổ", "Lộc Ninh", "214"]
    assert rendered.blockquote.get_text(strip=True) == "Lời dặn."


def test_progress_says_done_failed_rate_and_time_left_on_a_long_run():
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(10, stream, clock=lambda: now[0])
    progress.done(True)
    assert stream.getvalue() == ""  # a short run says nothing
    now[0] = 4.0
    progress.done(False)
    assert stream.getvalue() == "Đã tải 2/10 trang, lỗi 1, 0,5 trang/giây, còn khoảng 16 giây\n"


def test_closing_lines_are_signatures_not_the_last_sentence():
    from importer.closing import closing_lines

    def closing(html: str):
        blocks = BeautifulSoup(html, "html.parser").find_all("p")
        author, source, used = closing_lines(blocks)
        return author, source, len(used)

    assert closing("<p>Bài viết.</p><p>Công an xã cho biết sẽ tăng cường tuần tra dịp Tết</p>") == ("", "", 0)
    assert closing("<p>Bài viết.</p><p>Phòng Cảnh sát hình sự</p>") == ("", "Phòng Cảnh sát hình sự", 1)
    assert closing("<p>Bài viết.</p><p style='text-align:right'><b>Minh Anh</b></p><p>Nguồn: Báo tỉnh</p>") == \
        ("Minh Anh", "Báo tỉnh", 2)
    assert closing("<p>Tác giả: Lê Văn Tám</p>") == ("Lê Văn Tám", "", 1)
