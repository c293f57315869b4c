"""The second benchmark corpus, built on other choices than the first (corpus._news), so that a
figure holds for more than one way of writing: syllables drawn as they follow each other in the
sample articles (their common two-syllable words come out whole), one long sentence a paragraph,
at most one tag of a few, no headings, links or images, and statistics in most articles, in every
written form the content model reads, a share of them as a list of blocks, and in the text too."""

import random
from datetime import datetime

TAGS = ["an ninh trật tự", "dân vận", "phòng chống tội phạm", "biên giới", "khu dân cư", "học sinh"]
JUMP = 0.3  # a word drawn at random rather than after the one before
QUALIFIERS = ("hơn", "khoảng", "gần", "ước tính", "trên")


def _successors(words: list[str]) -> dict[str, list[str]]:
    following: dict[str, list[str]] = {}
    for first, second in zip(words, words[1:]):
        following.setdefault(first, []).append(second)
    return following


def _sentence(rng: random.Random, words: list[str], following: dict, low: int, high: int) -> str:
    word, picked = rng.choice(words), []
    for _ in range(rng.randint(low, high)):
        picked.append(word)
        after = following.get(word)
        word = rng.choice(after) if after and rng.random() > JUMP else rng.choice(words)
    text = " ".join(picked)
    return text[0].upper() + text[1:]


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _count(rng: random.Random, measure: str) -> str:
    n = rng.randint(1, 90_000)
    return rng.choice([str(n), _grouped(n), f"{_grouped(n)} {measure}", f"{rng.choice(QUALIFIERS)} {_grouped(n)} {measure}",
                       f"{rng.randint(1, 90)},{rng.randint(1, 9)} nghìn {measure}", f"{rng.choice(QUALIFIERS)} {n}"])


def _money(rng: random.Random) -> str:
    millions = rng.randint(1, 999)
    return rng.choice([f"{millions} triệu đồng", f"{rng.randint(1, 9)},{rng.randint(1, 99)} tỷ đồng",
                       f"{rng.randint(1, 9)} tỷ {millions} triệu đồng", f"{_grouped(millions * 1000)} đồng",
                       f"{_grouped(millions * 100_000)}đ", f"{_grouped(millions * 10_000)} VNĐ",
                       f"khoảng {millions} triệu đồng", _grouped(millions * 1_000_000)])


def _percent(rng: random.Random) -> str:
    whole, tenth = rng.randint(1, 99), rng.randint(1, 9)
    return rng.choice([f"{whole}%", f"{whole},{tenth}%", f"{whole} %", f"khoảng {whole}%", f"{whole},{tenth}"])


def _figure(rng: random.Random, indicator: dict) -> str:
    if indicator["measure"] == "%":
        return _percent(rng)
    if indicator["measure"] == "đồng":
        return _money(rng)
    return _count(rng, indicator["measure"])


def _periods(rng: random.Random, date: datetime, blocks: int) -> list[str]:
    quarter = (date.month - 1) // 3 + 1
    forms = [f"quý {quarter}/{date.year}", f"tháng {date.month}/{date.year}", f"6 tháng đầu năm {date.year}",
             str(date.year)]
    return rng.sample(forms, blocks)


def article(rng: random.Random, words: list[str], number: int, date: datetime, shared: dict) -> tuple[str, list[str], dict]:
    """Title, paragraphs and front matter but for title, date and slug (as corpus._news answers)."""
    following = shared.setdefault("following", _successors(words))
    registry = shared["registry"]
    title = _sentence(rng, words, following, 6, 12) + f" ({number + 1})"
    front = {"category": rng.choice(shared["categories"]), "unit": rng.choice(shared["units"]),
             "tags": rng.sample(TAGS, rng.randint(0, 1)), "author": rng.choice(shared["authors"]),
             "summary": _sentence(rng, words, following, 20, 30) + "."}
    written = []
    if rng.random() < 0.9:
        blocks = [{"period": period, "figures": {key: _figure(rng, registry[key])
                                                 for key in rng.sample(sorted(registry), rng.randint(2, 5))}}
                  for period in _periods(rng, date, 1 if rng.random() < 0.6 else rng.randint(2, 3))]
        front["stats"] = blocks[0] if len(blocks) == 1 else blocks
        written = [(registry[key]["label"].lower(), value, block["period"])
                   for block in blocks for key, value in block["figures"].items()]
    paragraphs, count = [], 0
    while count < shared["words_per_article"]:
        sentence = _sentence(rng, words, following, 40, 80)
        if written and rng.random() < 0.7:  # a figure of the statistics, as the text reports it
            label, value, period = written[rng.randrange(len(written))]
            sentence += f", {label} {period} đạt {value}"
        count += len(sentence.split())
        paragraphs.append(sentence + ".")
    return title, paragraphs, front
