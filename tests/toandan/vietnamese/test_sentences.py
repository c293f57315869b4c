"""The sentences of a Markdown body: the prose a reader reads, one sentence at a time."""

from toandan.vietnamese.sentences import sentences


def test_sentences_are_not_cut_at_abbreviations_or_inside_numbers():
    text = "TP. Hồ Chí Minh trao 3.678 phần quà. Ông Nguyễn V. An nhận 1,5 tỷ đồng! Tổ 5 họp."
    assert sentences(text) == ["TP. Hồ Chí Minh trao 3.678 phần quà.", "Ông Nguyễn V. An nhận 1,5 tỷ đồng!",
                               "Tổ 5 họp."]


def test_only_prose_is_read():
    body = (
        "## Kết quả năm 2021\n\n"
        "Đoạn đầu có **chữ đậm**, _nghiêng_, [liên kết](/2021/05/bai/) và <span>thẻ</span>\n"
        "viết trên hai dòng &amp; một thực thể.\n\n"
        "- Mục một\n- Mục hai\n1. Mục có số\n\n"
        "![Ảnh 999 phần quà](images/999.jpg)\n\n"
        "| Xã | Số |\n| --- | --- |\n| Tân Phú | 777 |\n\n"
        "```\nmã 555\n```\n\n"
        "<table>\n<tr><td>666</td></tr>\n</table>\n\n"
        "> Trích dẫn\n> hai dòng. Xem https://example.test/444 nhé.\n"
    )
    assert sentences(body) == [
        "Kết quả năm 2021",
        "Đoạn đầu có chữ đậm, nghiêng, liên kết và thẻ viết trên hai dòng & một thực thể.",
        "Mục một", "Mục hai", "Mục có số",
        "Trích dẫn hai dòng.", "Xem nhé.",
    ]
