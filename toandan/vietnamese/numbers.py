"""Vietnamese figures, parsed exactly and formatted the Vietnamese way.

In Vietnamese '.' groups thousands and ',' is the decimal mark: '8.230' is
eight thousand two hundred and thirty, '3,2 tỷ đồng' is 3 200 000 000 đồng.
Values are int or Decimal from start to end; no float is ever involved.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from toandan.vietnamese.text import fold, nfc

Number = int | Decimal

MONEY, PERCENT = "money", "percent"

# Longest first: 'gần như' and 'trên dưới' begin with qualifiers of their own.
QUALIFIERS = tuple(sorted(("xấp xỉ", "ước tính", "gần", "hơn", "trên", "khoảng", "chừng", "ước", "gần như",
                           "trên dưới", "ít nhất"), key=len, reverse=True))
SCALES = {"nghin": 10**3, "ngan": 10**3, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
MONEY_WORDS = {"d", "dong", "vnd", "vn d"}
PERCENT_WORDS = {"%", "phan tram"}

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_TOKEN = re.compile(r"\d[\d.,]*|[^\W\d_]+|%|\S")
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)")
_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GLUED = re.compile(r"\d[^\W\d_]")
_AMBIGUOUS = re.compile(r"\d{1,3},\d{3}")
_BARE = re.compile(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+")  # a count and nothing else: '8.230', '60590'


class FigureError(ValueError):
    """A figure an editor wrote that cannot be read exactly."""


@dataclass(frozen=True)
class Figure:
    """A parsed figure: its exact value and what the text said about it."""

    value: Number
    kind: str | None  # MONEY, PERCENT, or None for a plain count or number
    measure: str  # words after the number other than a money or percent mark
    qualifier: str  # 'hơn', 'gần', ... when the editor reported an approximation


def _number(token: str, scaled: bool) -> Decimal:
    if _PLAIN.fullmatch(token):
        return Decimal(token)
    if _GROUPED.fullmatch(token):
        return Decimal(token.replace(".", ""))
    if _AMBIGUOUS.fullmatch(token) and not scaled:
        whole = format_number(int(token.replace(",", "")))
        fraction = format_number(Decimal(token.replace(",", ".")))
        raise FigureError(
            f"'{token}' có hai cách hiểu: viết {whole} nếu là số nguyên, "
            f"hoặc {fraction} nếu là số thập phân"
        )
    if match := _DECIMAL.fullmatch(token):
        whole, fraction = match.groups()
        return Decimal(f"{whole.replace('.', '')}.{fraction}")
    if _ENGLISH.fullmatch(token):
        raise FigureError(
            f"'{token}' viết theo kiểu tiếng Anh; tiếng Việt dùng dấu chấm phân cách "
            "hàng nghìn và dấu phẩy cho phần thập phân, ví dụ 1.398.431 hoặc 3,2"
        )
    if "." in token and "," not in token:
        raise FigureError(
            f"'{token}': dấu chấm chỉ dùng để phân cách hàng nghìn (theo sau là đúng "
            f"3 chữ số); số thập phân viết bằng dấu phẩy, ví dụ {token.replace('.', ',')}"
        )
    raise FigureError(f"'{token}' không phải là một số viết đúng kiểu Việt Nam")


def parse_figure(text: str) -> Figure:
    """Read a figure as Vietnamese editors write it.

    '8.230' -> 8230, '3.678.000.000đ' -> 3678000000 money, '3,2 tỷ đồng' ->
    3200000000 money, '81%' -> 81 percent, 'hơn 47.000 thành viên' -> 47000
    with measure 'thành viên' and qualifier 'hơn'. Raises FigureError.
    """
    if not isinstance(text, str):
        raise FigureError("giá trị phải là một số, không phải danh sách hay bảng")
    if _BARE.fullmatch(text):  # most figures: read as below would read them
        return Figure(value=int(text.replace(".", "")), kind=None, measure="", qualifier="")
    rest = _SPACES.sub(" ", nfc(text)).strip()
    if not rest:
        raise FigureError("giá trị đang để trống")
    qualifier = ""
    lowered = rest.lower()
    for word in QUALIFIERS:
        if lowered.startswith(word + " "):
            qualifier, rest = word, rest[len(word) + 1 :].lstrip()
            break
    negative = rest[:1] in ("-", "−")
    if negative:
        rest = rest[1:].lstrip()
    tokens = _TOKEN.findall(rest)
    if not tokens or not tokens[0][0].isdigit():
        raise FigureError(f"'{text.strip()}' không bắt đầu bằng một số")

    # Numbers and scale words alternate ('2 tỷ 500 triệu'); words after them are the measure.
    parts: list[tuple[str, int]] = []
    position = 0
    while position < len(tokens) and tokens[position][0].isdigit():
        token = tokens[position]
        following = fold(tokens[position + 1]).lower() if position + 1 < len(tokens) else ""
        scale = SCALES.get(following, 1)
        if parts and scale == 1:
            raise FigureError(f"'{text.strip()}' có hai số đứng liền nhau; viết một số duy nhất")
        if parts and scale >= parts[-1][1]:
            raise FigureError(f"'{text.strip()}': các bậc tỷ, triệu, nghìn phải giảm dần")
        parts.append((token, scale))
        position += 2 if scale > 1 else 1
    suffix = tokens[position:]

    value = sum(_number(token, scale > 1) * scale for token, scale in parts)
    words = " ".join(suffix)
    folded = fold(words).lower().replace(".", "").strip()
    kind: str | None = None
    measure = words
    if folded in PERCENT_WORDS:
        kind, measure = PERCENT, ""
    elif folded in MONEY_WORDS or "".join(suffix).lower() in ("đ", "vnđ"):
        kind, measure = MONEY, ""
    elif _GLUED.search(rest):
        raise FigureError(f"'{text.strip()}': cần một dấu cách giữa số và đơn vị tính")
    elif any(token[0].isdigit() or token == "%" for token in suffix):
        raise FigureError(f"'{text.strip()}' có chữ số hoặc ký hiệu lạ sau phần số")
    elif suffix and not all(token.isalpha() for token in suffix):
        raise FigureError(f"'{text.strip()}' có ký tự lạ '{''.join(suffix)}' sau phần số")
    if negative:
        value = -value
    exact: Number = int(value) if value == value.to_integral_value() else value.normalize()
    return Figure(value=exact, kind=kind, measure=measure, qualifier=qualifier)


def parse_number(text: str) -> Number:
    """The value of a figure that carries no words, like '1.691' or '81,5'."""
    figure = parse_figure(text)
    if figure.measure:
        raise FigureError(f"'{text}' phải là một số, không kèm chữ")
    return figure.value


def format_number(value: Number) -> str:
    """'1.398.431', '3,2', '-1.500'."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _, fraction = format(value.normalize(), "f").partition(".")
        return f"{sign}{format_number(int(whole))},{fraction}"
    return sign + f"{int(value):,}".replace(",", ".")


def _rounded(value: Decimal) -> str:
    return format_number(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize())


def format_money(value: Number) -> str:
    """Money as readers say it: '3,68 tỷ đồng', '771,1 triệu đồng', '600.000 đồng'."""
    amount = Decimal(value)
    if abs(amount) >= 10**9:
        return f"{_rounded(amount / 10**9)} tỷ đồng"
    if abs(amount) >= 10**6:
        return f"{_rounded(amount / 10**6)} triệu đồng"
    return f"{format_number(value)} đồng"


def format_money_exact(value: Number) -> str:
    """'3.678.000.000 đồng'."""
    return f"{format_number(value)} đồng"


def format_percent(value: Number) -> str:
    """'81%', '81,5%'."""
    return f"{format_number(value)}%"


def format_figure(value: Number, kind: str | None, measure: str) -> str:
    """How a figure reads on a page: '8.230 phần quà', '3,68 tỷ đồng', '81%'."""
    if kind == MONEY:
        return format_money(value)
    if kind == PERCENT:
        return format_percent(value)
    return f"{format_number(value)} {measure}".strip()


def format_figure_exact(value: Number, kind: str | None, measure: str) -> str:
    """The exact reading, for a title attribute: '3.678.000.000 đồng'."""
    return format_money_exact(value) if kind == MONEY else format_figure(value, kind, measure)
