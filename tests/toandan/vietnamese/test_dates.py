from datetime import datetime, timezone

import pytest

from toandan.vietnamese.dates import TIMEZONE, dateline, parse_datetime, weekday


def test_dateline_matches_the_legacy_portal():
    assert dateline(parse_datetime("2021-12-26 21:42")) == "Chủ nhật - 26/12/2021 21:42"


def test_dateline_converts_to_ho_chi_minh_time():
    utc = datetime(2021, 12, 26, 14, 42, tzinfo=timezone.utc)
    assert dateline(utc) == "Chủ nhật - 26/12/2021 21:42"
    assert dateline(datetime(2021, 12, 26, 17, 30, tzinfo=timezone.utc)) == "Thứ hai - 27/12/2021 00:30"


@pytest.mark.parametrize("day, name", [
    (20, "Thứ hai"), (21, "Thứ ba"), (22, "Thứ tư"), (23, "Thứ năm"), (24, "Thứ sáu"),
    (25, "Thứ bảy"), (26, "Chủ nhật"),
])
def test_weekday_names(day, name):
    assert weekday(datetime(2021, 12, day, 12, tzinfo=TIMEZONE)) == name


@pytest.mark.parametrize("text", ["2021-12-26 21:42", "26/12/2021 21:42", "2021-12-26T21:42:00"])
def test_parses_editor_dates_in_local_time(text):
    moment = parse_datetime(text)
    assert moment == datetime(2021, 12, 26, 21, 42, tzinfo=TIMEZONE)


@pytest.mark.parametrize("text, reason", [
    ("2021-12-32 21:42", "không có thật"), ("31/02/2022", "không có thật"),
    ("hôm qua", "không đúng dạng"), ("12/26/2021", "không có thật"),
])
def test_bad_dates_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_datetime(text)
