"""Text that no inline pattern can match is left as it is without trying them, as trying gives."""

import random
import xml.etree.ElementTree as etree

import markdown
import pytest
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as Pattern

from toandan.accelerate.markdown import PlainTextInline, with_plain_text_inline

OPTIONS = {"extensions": ["markdown.extensions.extra"], "output_format": "html5"}
PIECES = ["Công an tỉnh", "bảo vệ an ninh", " ", " ", "  ", "\n", "\n\n", ".", ",", "1.398.431", "3,2 tỷ đồng",
          "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;", "&copy;",
          "&#8220;", "[xem](/bai-1/)", "![ảnh](/anh.jpg)", "[bài][1]", "\n\n[1]: /bai-2/\n", "<https://congan.vn/>",
          "<tin@congan.vn>", "<span>", "</span>", "<!-- ghi chú -->", "[^1]", "\n\n[^1]: Chú thích.\n", "  \n",
          "\n\n*[MTTQ]: Mặt trận Tổ quốc\n", "MTTQ", "\n\n| a | b |\n|---|---|\n| *x* | `y` |\n", "{: .lead }",
          "\n\n# Tiêu đề\n", "\n\n- mục\n- mục *hai*\n", "\n\n> trích\n", "\n\nThuật ngữ\n:   Định nghĩa\n",
          "\n\n    mã\n", "\n\n```\nmã _a_\n```\n", "\x02", "\x03"]


def documents(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))


# Each with one kind of mark alone in otherwise plain text.
ONE_MARK = ["Bản quyền &copy; 2021", "Dấu \\* sao", "Xem [bài](/bai-1/) này", "Có *một* tổ", "Có _một_ tổ",
            "Lệnh `ls` chạy", "Có <span>thẻ</span> này", "Dòng một  \nDòng hai", "Tại <https://congan.vn/> nhé",
            "Chú thích[^1] đây\n\n[^1]: Nguồn.", "Ảnh ![a](/a.jpg) đây"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_text_converts_as_python_markdown_converts_it(seed):
    stock, ours = markdown.Markdown(**OPTIONS), with_plain_text_inline(markdown.Markdown(**OPTIONS))
    assert type(ours.treeprocessors["inline"]) is PlainTextInline
    assert [type(p).__name__ for p in ours.treeprocessors] == [
        "PlainTextInline" if type(p).__name__ == "InlineProcessor" else type(p).__name__ for p in stock.treeprocessors]
    for document in [*ONE_MARK, *documents(600, seed)]:
        stock.reset()
        ours.reset()
        assert ours.convert(document) == stock.convert(document), document


def test_only_text_with_marks_is_tried_against_the_patterns(monkeypatch):
    tried = []
    apply_pattern = PlainTextInline._InlineProcessor__applyPattern

    def counting(self, pattern, data, index, start=0):
        tried.append(data)
        return apply_pattern(self, pattern, data, index, start)

    monkeypatch.setattr(PlainTextInline, "_InlineProcessor__applyPattern", counting)
    md = with_plain_text_inline(markdown.Markdown(**OPTIONS))
    assert md.convert("Toàn tỉnh có 1.691 tổ tự quản, gần 47.000 thành viên.") == (
        "<p>Toàn tỉnh có 1.691 tổ tự quản, gần 47.000 thành viên.</p>")
    assert tried == []
    md.reset()
    assert md.convert("Có **1.691** tổ.") == "<p>Có <strong>1.691</strong> tổ.</p>"
    assert tried


class _Strike(Pattern):
    def handleMatch(self, m, data):
        element = etree.Element("del")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class _StrikeExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(_Strike(r"~~(.+?)~~", md), "strike", 65)


def test_with_an_extensions_own_pattern_every_pattern_is_tried():
    md = with_plain_text_inline(markdown.Markdown(extensions=[*OPTIONS["extensions"], _StrikeExtension()],
                                                  output_format="html5"))
    assert md.convert("Đã ~~hủy~~ lịch.") == "<p>Đã <del>hủy</del> lịch.</p>"
