from datetime import date

import pytest

from content_model.periods import PeriodError, parse_period


@pytest.mark.parametrize("text, start, end, label", [
    ("2021", date(2021, 1, 1), date(2021, 12, 31), "năm 2021"),
    ("năm 2021", date(2021, 1, 1), date(2021, 12, 31), "năm 2021"),
    ("quý 3/2021", date(2021, 7, 1), date(2021, 9, 30), "quý 3/2021"),
    ("Quý III/2021", date(2021, 7, 1), date(2021, 9, 30), "quý 3/2021"),
    ("Q1/2020", date(2020, 1, 1), date(2020, 3, 31), "quý 1/2020"),
    ("tháng 2/2020", date(2020, 2, 1), date(2020, 2, 29), "tháng 2/2020"),
    ("06/2021", date(2021, 6, 1), date(2021, 6, 30), "tháng 6/2021"),
    ("9 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 9, 30), "9 tháng đầu năm 2021"),
    ("6 tháng đầu năm 2022", date(2022, 1, 1), date(2022, 6, 30), "6 tháng đầu năm 2022"),
    ("01/01/2021 - 30/09/2021", date(2021, 1, 1), date(2021, 9, 30), "01/01/2021 – 30/09/2021"),
    ("2021-01-01..2021-09-30", date(2021, 1, 1), date(2021, 9, 30), "01/01/2021 – 30/09/2021"),
    ("từ 01/2021 đến 03/2021", date(2021, 1, 1), date(2021, 3, 31), "01/01/2021 – 31/03/2021"),
])
def test_reads_periods_as_editors_write_them(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_period_across_two_years_has_no_year():
    assert parse_period("2020 - 2021").year is None
    assert parse_period("quý 4/2021").year == 2021


@pytest.mark.parametrize("text, reason", [
    ("quý 5/2021", "quý 5 không tồn tại"), ("13/2021", "tháng 13"),
    ("30/09/2021 - 01/01/2021", "kết thúc trước"), ("31/02/2021", "không có thật"),
    ("hôm qua", "không đọc được"), ("", "không đọc được"),
])
def test_bad_periods_say_why(text, reason):
    with pytest.raises(PeriodError, match=reason):
        parse_period(text)
