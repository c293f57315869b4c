"""Statistics as Vietnamese prose states them: counts with their noun, money and percentages.

Old portals carry their figures in sentences: "thành lập 1.691 tổ tự quản với gần 47.000 thành
viên", "trao 8.230 phần quà trị giá 3.678.000.000đ", "đạt 81%". find_figures() reads counts with
their noun, money and percentages, with the qualifier before them (hơn, gần, trên, khoảng, ...),
each through toandan.vietnamese.numbers, the project's one number parser, and each with the sentence it
came from. Numbers that are not statistics are left alone: dates, times, durations, document and
article numbers, phone numbers, addresses, ordinals, ages, codes such as F0 or COVID-19, ranges,
and changes ("tăng 12%": a difference, not the figure itself). toandan.vietnamese.prose_stats
matches what it finds to the registry's indicators.
"""

import re
from dataclasses import dataclass

from toandan.vietnamese.numbers import QUALIFIERS, Figure, FigureError, parse_figure
from toandan.vietnamese.sentences import sentences

NOUN_WORDS = 6  # a count's noun: at most this many words after the number

# Words before a number that make it something other than a statistic: a date or time, a document,
# an article of a law, an ordinal, an address, a phone number, a team's name, a change or a
# starting value ('tăng 29 tổ', 'từ 1.200 lên 1.691 tổ': the figure is what it became).
NOT_BEFORE = {
    "ngày", "tháng", "năm", "quý", "tuần", "lúc", "giờ", "sn", "thứ", "lần", "đợt", "khóa", "khoá", "kỳ",
    "kì", "hạng", "giải", "top", "số", "điều", "khoản", "điểm", "chương", "mục", "phần", "phụ lục", "tổ",
    "khu phố", "khối", "ấp", "thôn", "xóm", "bản", "buôn", "khóm", "tiểu khu", "phường", "quận", "đường",
    "phố", "ngõ", "ngách", "hẻm", "kiệt", "lô", "km", "tầng", "phòng", "nhà", "quốc lộ", "tỉnh lộ", "lộ",
    "tuổi", "hotline", "điện thoại", "đt", "sđt", "fax", "gọi", "tổng đài", "dây nóng", "chỉ thị",
    "nghị định", "quyết định", "thông tư", "nghị quyết", "kế hoạch", "công văn", "luật", "hướng dẫn",
    "thông báo", "văn bản", "pháp lệnh", "đội", "covid", "giai đoạn", "nhiệm kỳ", "tập", "trang", "bước",
    "tăng", "giảm", "tăng thêm", "giảm thêm", "gấp", "từ",
}
STATISTIC_AFTER_NUMBER_WORD = {"tổng số", "với số", "con số"}  # 'tổng số 1.691 tổ': 'số' here is not a number sign
# Words after a number that make it a date, a time, a duration or an age.
NOT_AFTER = {"tuổi", "giờ", "phút", "giây", "ngày", "đêm", "tháng", "năm", "tuần", "quý", "thế kỷ", "km"}
RANGE_WORDS = {"-", "–", "—", "~", "đến", "tới"}
# Words that end a count's noun: prepositions, conjunctions and the verbs that follow a count.
NOUN_ENDS = {
    "với", "của", "cho", "tại", "ở", "và", "hoặc", "trị giá", "tổng", "được", "đã", "đang", "sẽ", "đạt",
    "gồm", "thuộc", "trong", "để", "nhằm", "do", "từ", "đến", "cùng", "mỗi", "theo", "có", "là", "tăng",
    "giảm", "so", "trên", "dưới", "hơn", "như", "này", "đó", "khi", "thì", "bị", "bằng", "về", "nhưng",
    "tham gia", "tham dự", "nhận", "thu hút", "góp phần", "trao", "tặng", "ủng hộ", "với tổng", "nên",
    "vào", "ra", "lên", "xuống", "qua", "các", "những", "mà", "vì", "phát hiện", "hỗ trợ", "giúp",
    "đảm bảo", "bảo đảm", "trên địa bàn",
}
_TOKENS = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+)|(?P<space>\s+)|(?P<mark>.)", re.S)


@dataclass(frozen=True)
class FoundFigure:
    """A statistic as a sentence states it."""

    written: str  # as in the sentence, qualifier and mark included: 'gần 47.000 thành viên', '81%'
    figure: Figure  # its exact reading; figure.measure is the count's noun, up to NOUN_WORDS words
    sentence: str  # the sentence, as plain text
    start: int  # where written begins in sentence


@dataclass
class _Token:
    kind: str  # number, word, space, mark
    text: str
    start: int
    end: int


def _tokens(sentence: str) -> list[_Token]:
    return [_Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKENS.finditer(sentence)]


def _words_before(tokens: list[_Token], index: int, count: int) -> list[str]:
    """Up to count words right before tokens[index], lower case, stopping at any mark or number."""
    words: list[str] = []
    position = index - 1
    while position >= 0 and len(words) < count:
        token = tokens[position]
        if token.kind == "word":
            words.insert(0, token.text.lower())
        elif token.kind != "space":
            break
        position -= 1
    return words


def _phrase_in(words: list[str], phrases: set[str]) -> str:
    """The phrase of phrases that words end with, longest first, or ''."""
    for length in (3, 2, 1):
        if len(words) >= length and (phrase := " ".join(words[-length:])) in phrases:
            return phrase
    return ""


def _next(tokens: list[_Token], index: int) -> int:
    """The index of the first token after index that is not a space (len(tokens) if none)."""
    position = index + 1
    while position < len(tokens) and tokens[position].kind == "space":
        position += 1
    return position


def _previous(tokens: list[_Token], index: int) -> int:
    position = index - 1
    while position >= 0 and tokens[position].kind == "space":
        position -= 1
    return position


def _glued(tokens: list[_Token], index: int) -> bool:
    """A number written into something else: 26/12/2021, 21:42, 09-CT/TW, F0, COVID-19, 9h30, 1A."""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before and before.kind in ("word", "number"):
        return True
    if before and before.kind == "mark" and before.text in "/-:.,#№+":
        return True
    if after and after.kind == "word" and after.text not in ("đ", "Đ"):
        return True
    if after and after.kind == "mark" and after.text in "/-:#":
        return True
    return False


def _in_a_run(tokens: list[_Token], index: int) -> bool:
    """Numbers side by side (a phone number '0913 456 789') or joined as a range ('18 - 25')."""
    following, preceding = _next(tokens, index), _previous(tokens, index)
    if following < len(tokens) and tokens[following].kind == "number":
        return True
    if preceding >= 0 and tokens[preceding].kind == "number":
        return True
    for step in (_next, _previous):
        joint = step(tokens, index)
        if 0 <= joint < len(tokens) and tokens[joint].text.lower() in RANGE_WORDS:
            beyond = step(tokens, joint)
            if 0 <= beyond < len(tokens) and tokens[beyond].kind == "number":
                return True
    return False


def _qualifier_start(tokens: list[_Token], index: int) -> int:
    """The index of the first token of the qualifier written right before tokens[index], or index."""
    words = _words_before(tokens, index, 2)
    for qualifier in QUALIFIERS:  # longest first
        size = qualifier.count(" ") + 1
        if len(words) >= size and " ".join(words[-size:]) == qualifier:
            position = index
            for _ in range(size):
                position = _previous(tokens, position)
            return position
    return index


def _excluded_before(tokens: list[_Token], index: int) -> bool:
    words = _words_before(tokens, index, 3)
    phrase = _phrase_in(words, NOT_BEFORE)
    return bool(phrase) and not _phrase_in(words, STATISTIC_AFTER_NUMBER_WORD)


def _proper_name_after(tokens: list[_Token], index: int) -> bool:
    """'123 Lê Lợi': a number before a name of two capitalised words is an address."""
    first = _next(tokens, index)
    second = _next(tokens, first)
    capitalised = [tokens[i].text for i in (first, second)
                   if i < len(tokens) and tokens[i].kind == "word" and tokens[i].text[:1].isupper()
                   and not tokens[i].text.isupper()]
    return len(capitalised) == 2


def _figure_at(sentence: str, tokens: list[_Token], index: int) -> FoundFigure | None:
    """The figure whose number is tokens[index], or None when it is not a statistic."""
    number = tokens[index].text
    if _glued(tokens, index) or _in_a_run(tokens, index) or _proper_name_after(tokens, index):
        return None
    if number[0] == "0" and len(number.split(",")[0]) > 2:
        return None  # 0258, 0913...: a phone number or a code; '09 mô hình' is the way counts are padded
    first = _qualifier_start(tokens, index)
    if _excluded_before(tokens, first):
        return None
    # The number, its scale words (tỷ, triệu, nghìn) and a second number after one ('2 tỷ 500 triệu').
    end = index
    position = _next(tokens, end)
    while position < len(tokens):
        text = tokens[position].text.lower()
        if tokens[position].kind == "word" and text in ("tỷ", "tỉ", "triệu", "nghìn", "ngàn"):
            end = position
            after = _next(tokens, end)
            if after < len(tokens) and tokens[after].kind == "number":
                end = after
            position = _next(tokens, end)
            continue
        break
    after = [t.text.lower() for t in tokens[position:position + 3] if t.kind == "word"]
    if after and tokens[position].kind == "word" and (after[0] in NOT_AFTER or " ".join(after) in NOT_AFTER):
        return None
    # What follows: a money or percent mark, or a count's noun.
    mark_end = _mark_end(tokens, end)
    if mark_end is None:
        mark_end = _noun_end(tokens, end)
        if mark_end == end:
            return None  # a number alone says nothing of what it counts
    written = sentence[tokens[first].start:tokens[mark_end].end]
    try:
        figure = parse_figure(written)
    except FigureError:
        return None
    return FoundFigure(written, figure, sentence, tokens[first].start)


def _mark_end(tokens: list[_Token], end: int) -> int | None:
    """The last token of a money or percent mark right after tokens[end], or None."""
    following = end + 1 if end + 1 < len(tokens) and tokens[end + 1].text in ("đ", "Đ") else _next(tokens, end)
    if following >= len(tokens):
        return None
    text = tokens[following].text.lower()
    if text in ("%", "đ", "đồng", "vnđ", "vnd"):
        return following
    if text == "phần":
        after = _next(tokens, following)
        if after < len(tokens) and tokens[after].text.lower() == "trăm":
            return after
    if text == "vn":  # 'VN đ'
        after = _next(tokens, following)
        if after < len(tokens) and tokens[after].text.lower() in ("đ", "d"):
            return after
    return None


def _noun_end(tokens: list[_Token], end: int) -> int:
    """The last token of a count's noun after tokens[end] (end itself when there is none)."""
    words: list[str] = []
    last = end
    position = _next(tokens, end)
    while position < len(tokens) and tokens[position].kind == "word" and len(words) < NOUN_WORDS:
        word = tokens[position].text
        glued = position + 1 < len(tokens) and tokens[position + 1].kind in ("number", "mark") \
            and tokens[position + 1].text not in ",.;:!?…)\"”’"
        if glued:
            break  # 'ca F0', 'virus SARS-CoV-2': a code, not a word of the noun
        if word.lower() in NOUN_ENDS or _starts_phrase(tokens, position, NOUN_ENDS):
            break
        words.append(word)
        last = position
        position = _next(tokens, position)
    return last


def _starts_phrase(tokens: list[_Token], position: int, phrases: set[str]) -> bool:
    """True when the words from tokens[position] on begin with a two-word phrase of phrases."""
    second = _next(tokens, position)
    if second >= len(tokens) or tokens[second].kind != "word":
        return False
    return f"{tokens[position].text.lower()} {tokens[second].text.lower()}" in phrases


def find_figures(markdown: str) -> list[FoundFigure]:
    """Every statistic the prose of a Markdown body states, in order, each with its sentence."""
    found = []
    for sentence in sentences(markdown):
        tokens = _tokens(sentence)
        read_to = 0  # the end of the last figure: '2 tỷ 500 triệu đồng' is one figure, not two
        for index, token in enumerate(tokens):
            if token.kind == "number" and token.start >= read_to and (figure := _figure_at(sentence, tokens, index)):
                found.append(figure)
                read_to = figure.start + len(figure.written)
    return found
