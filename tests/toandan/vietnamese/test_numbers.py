from decimal import Decimal

import pytest

from toandan.vietnamese.numbers import (
    MONEY, PERCENT, FigureError, format_money, format_money_exact, format_number,
    format_percent, parse_figure, parse_number,
)

READ = [
    # (as written, value, kind, measure, qualifier)
    ("8.230", 8230, None, "", ""),
    ("1.691", 1691, None, "", ""),
    ("47.000", 47000, None, "", ""),
    ("1.398.431", 1398431, None, "", ""),
    ("09", 9, None, "", ""),
    ("0", 0, None, "", ""),
    ("17", 17, None, "", ""),
    ("3.678.000.000đ", 3678000000, MONEY, "", ""),
    ("3.678.000.000 đ", 3678000000, MONEY, "", ""),
    ("3.678.000.000 đồng", 3678000000, MONEY, "", ""),
    ("771.100.000 VNĐ", 771100000, MONEY, "", ""),
    ("3,2 tỷ đồng", 3200000000, MONEY, "", ""),
    ("3,2 tỉ đồng", 3200000000, MONEY, "", ""),
    ("hơn 3,2 tỷ đồng", 3200000000, MONEY, "", "hơn"),
    ("500 triệu", 500000000, None, "", ""),
    ("500 triệu đồng", 500000000, MONEY, "", ""),
    ("2 tỷ 500 triệu đồng", 2500000000, MONEY, "", ""),
    ("1,5 nghìn", 1500, None, "", ""),
    ("12 ngàn", 12000, None, "", ""),
    ("1,250 tỷ", 1250000000, None, "", ""),
    ("81%", 81, PERCENT, "", ""),
    ("81 %", 81, PERCENT, "", ""),
    ("68,5%", Decimal("68.5"), PERCENT, "", ""),
    ("0,5%", Decimal("0.5"), PERCENT, "", ""),
    ("1,5", Decimal("1.5"), None, "", ""),
    ("1.000,25", Decimal("1000.25"), None, "", ""),
    ("gần 47.000 thành viên", 47000, None, "thành viên", "gần"),
    ("trên 176.000 hộ", 176000, None, "hộ", "trên"),
    ("8.230 phần quà", 8230, None, "phần quà", ""),
    ("khoảng 65 buổi", 65, None, "buổi", "khoảng"),
    ("  1.691\u00a0tổ ", 1691, None, "tổ", ""),
    ("-5", -5, None, "", ""),
    # A qualifier that begins with a shorter one is read whole, not as the shorter one.
    ("gần như 100%", 100, PERCENT, "", "gần như"),
    ("ước tính 1.200 hộ", 1200, None, "hộ", "ước tính"),
    ("trên dưới 500 hộ", 500, None, "hộ", "trên dưới"),
    ("ít nhất 12 buổi", 12, None, "buổi", "ít nhất"),
    ("81 phần trăm", 81, PERCENT, "", ""),
    ("81,5 phần trăm", Decimal("81.5"), PERCENT, "", ""),
]


@pytest.mark.parametrize("text, value, kind, measure, qualifier", READ)
def test_reads_vietnamese_figures_exactly(text, value, kind, measure, qualifier):
    figure = parse_figure(text)
    assert figure.value == value
    assert type(figure.value) is type(value)
    assert (figure.kind, figure.measure, figure.qualifier) == (kind, measure, qualifier)


TRAPS = [
    ("8.23", "dấu phẩy"),  # YAML's float reading of 8.230: never silently 8.23
    ("3.2 tỷ", "3,2"),
    ("1.2345", "3 chữ số"),
    ("1.000.00", "3 chữ số"),
    ("1,000", "hai cách hiểu"),
    ("1,398,431", "kiểu tiếng Anh"),
    ("1,234.5", "kiểu tiếng Anh"),
    ("1 000", "liền nhau"),
    ("1 tỷ 2 tỷ", "giảm dần"),
    ("12a", "dấu cách"),
    ("1e5", "dấu cách"),
    ("5 %x", "lạ"),
    ("abc", "không bắt đầu bằng một số"),
    ("", "trống"),
    ("   ", "trống"),
    ("tỷ", "không bắt đầu bằng một số"),
]


@pytest.mark.parametrize("text, reason", TRAPS)
def test_refuses_what_it_cannot_read_exactly(text, reason):
    with pytest.raises(FigureError, match=reason):
        parse_figure(text)


def test_refuses_lists_and_mappings():
    with pytest.raises(FigureError, match="danh sách"):
        parse_figure(["8.230"])


def test_parse_number_wants_a_bare_number():
    assert parse_number("1.691") == 1691
    with pytest.raises(FigureError):
        parse_number("1.691 tổ")


@pytest.mark.parametrize("value, shown", [
    (1398431, "1.398.431"), (0, "0"), (999, "999"), (1000, "1.000"), (-1500, "-1.500"),
    (Decimal("3.2"), "3,2"), (Decimal("1000.25"), "1.000,25"), (Decimal("81.0"), "81"),
])
def test_formats_numbers_the_vietnamese_way(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize("value, shown", [
    (3678000000, "3,68 tỷ đồng"), (3200000000, "3,2 tỷ đồng"), (1506000000, "1,51 tỷ đồng"),
    (771100000, "771,1 triệu đồng"), (500000000, "500 triệu đồng"), (600000, "600.000 đồng"),
    (1_000_000_000, "1 tỷ đồng"), (1_005_000_000, "1,01 tỷ đồng"),
])
def test_formats_money_as_readers_say_it(value, shown):
    assert format_money(value) == shown


def test_exact_money_and_percent():
    assert format_money_exact(3678000000) == "3.678.000.000 đồng"
    assert format_percent(Decimal("81.5")) == "81,5%"
    assert format_percent(81) == "81%"


@pytest.mark.parametrize("text", ["8.230", "3,2 tỷ đồng", "68,5%", "1.398.431"])
def test_what_is_shown_reads_back_to_the_same_value(text):
    figure = parse_figure(text)
    shown = format_number(figure.value)
    assert parse_figure(shown).value == figure.value


@pytest.mark.parametrize("text", ["0", "7", "007", "60590", "8.230", "1.398.431", "000.001", "12345678901234567890"])
def test_a_bare_count_reads_as_the_general_way_reads_it(text):
    padded = parse_figure(f" {text}\u00a0")  # spaces around send it the general way
    assert parse_figure(text) == padded and type(parse_figure(text).value) is type(padded.value) is int
