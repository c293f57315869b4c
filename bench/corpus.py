"""Reproducible synthetic Vietnamese corpora, written twice: for toandan and for plain Pelican."""

import random
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from toandan.building.atomic import TRASH, set_aside
from toandan.vietnamese.text import slugify

ROOT = Path(__file__).resolve().parents[1]
PERIOD_FORMS = ("quý {q}/{y}", "tháng {m}/{y}", "{y}", "6 tháng đầu năm {y}")
VALUES = {"%": lambda r: f"{r.randint(40, 99)},{r.randint(0, 9)}%", "đồng": lambda r: f"{r.randint(1, 900)} triệu đồng"}


AUTHORS = 120


def vocabulary() -> list[str]:
    """Vietnamese syllables from the sample articles, in proportion to their use."""
    words = []
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        words += [w.lower() for w in re.findall(r"[^\W\d_]+", body)]
    return words


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    picked = [rng.choice(words) for _ in range(rng.randint(low, high))]
    text = " ".join(picked)
    return text[0].upper() + text[1:]


def _paragraphs(rng: random.Random, words: list[str], target: int) -> list[str]:
    paragraphs, count = [], 0
    while count < target:
        sentences = [_sentence(rng, words, 8, 22) for _ in range(rng.randint(3, 5))]
        count += sum(len(s.split()) for s in sentences)
        paragraphs.append(". ".join(sentences) + ".")
    return paragraphs


def _figure(rng: random.Random, indicator: dict) -> str:
    measure = indicator["measure"]
    if measure in VALUES:
        return VALUES[measure](rng)
    return f"{rng.randint(1, 50_000):,}".replace(",", ".")


def _period(rng: random.Random, date: datetime) -> str:
    form = rng.choice(PERIOD_FORMS)
    quarter = (date.month - 1) // 3 + 1
    return form.format(q=quarter, m=date.month, y=date.year)


def trash_of(bench: Path) -> Path:
    """Where the benchmark sets aside what it replaces in the corpora under bench, until its last
    measurement (toandan.building.atomic.set_aside: on this machine's ext4, which has no journal, files created
    within minutes of tens of thousands removed take several times longer; docs/benchmarks.md)."""
    return bench / f"{TRASH}bench"


def _news(rng: random.Random, words: list[str], number: int, date: datetime, shared: dict) -> tuple[str, list[str], dict]:
    """The first corpus's article: syllables drawn by their use in the sample articles, paragraphs of
    three to five sentences, two to four tags, some headings, links, images and statistics.
    Answers its title, paragraphs and front matter but for title, date and slug."""
    title = _sentence(rng, words, 8, 14) + f" ({number + 1})"
    paragraphs = _paragraphs(rng, words, shared["words_per_article"])
    # As often as in the sample articles: a model's name in quotes (3 in 10), and an
    # abbreviation in capitals (2 in 10); typography has work to do only in those.
    if rng.random() < 0.3:
        paragraphs[rng.randrange(len(paragraphs))] += f' Mô hình "{_sentence(rng, words, 3, 7)}" được nhân rộng.'
    if rng.random() < 0.2:
        paragraphs[rng.randrange(len(paragraphs))] += " Ủy ban MTTQ tỉnh phối hợp thực hiện."
    if rng.random() < 0.2:
        paragraphs.insert(2, "## " + _sentence(rng, words, 3, 6))
    if rng.random() < 0.1:
        paragraphs.append(f"Xem thêm tại [văn bản gốc](https://vanban.example.gov.vn/{number}).")
    front = {"category": rng.choice(shared["categories"]), "unit": rng.choice(shared["units"]),
             "tags": rng.sample(shared["tags"], rng.randint(2, 4)), "author": rng.choice(shared["authors"]),
             "summary": _sentence(rng, words, 15, 25) + "."}
    if rng.random() < 0.1:
        front["image"] = f"images/{rng.choice(shared['images'])}"
        front["image_caption"] = _sentence(rng, words, 6, 10)
    if rng.random() < 0.6:
        registry = shared["registry"]
        keys = rng.sample(sorted(registry), rng.randint(1, 4))
        front["stats"] = {"period": _period(rng, date), "figures": {k: _figure(rng, registry[k]) for k in keys}}
    return title, paragraphs, front


def _figures(*args) -> tuple[str, list[str], dict]:
    from .figures_corpus import article

    return article(*args)


# Each corpus: its article maker and its vocabulary (the syllables of the sample articles, in order).
CORPORA = {"news": (_news, vocabulary), "figures": (_figures, vocabulary)}


def generate(folder: Path, count: int, seed: int = 7, words_per_article: int = 600, corpus: str = "news") -> dict:
    """Write folder/site (toandan) and folder/plain (Pelican's own format) with one of CORPORA's
    article makers; answers the settings files."""
    rng = random.Random(seed)
    make, vocabulary_of = CORPORA[corpus]
    words = vocabulary_of()
    registry = yaml.safe_load((ROOT / "content" / "data" / "indicators.yaml").read_text(encoding="utf-8"))
    categories = list(yaml.safe_load((ROOT / "content" / "data" / "categories.yaml").read_text(encoding="utf-8")))
    units = list(yaml.safe_load((ROOT / "content" / "data" / "units.yaml").read_text(encoding="utf-8")))
    tags = sorted({" ".join(rng.choice(words) for _ in range(2)) for _ in range(60)})
    # A provincial portal's reporters and correspondents: a staff of a hundred or so, not a new
    # name per article (Pelican groups articles by author with a scan of every article per author).
    authors = sorted({_sentence(rng, words, 2, 3) for _ in range(AUTHORS)})
    images = sorted(p.name for p in (ROOT / "content" / "images").glob("*.jpg"))
    shared = {"registry": registry, "categories": categories, "units": units, "tags": tags, "authors": authors,
              "images": images, "words_per_article": words_per_article}
    site, plain = folder / "site", folder / "plain"
    for target in (site, plain):
        set_aside(target, trash_of(folder.parent))
    shutil.copytree(ROOT / "content" / "data", site / "content" / "data")
    shutil.copytree(ROOT / "content" / "pages", site / "content" / "pages")
    shutil.copytree(ROOT / "content" / "images", site / "content" / "images")
    shutil.copytree(ROOT / "theme", site / "theme")  # a copy, so the template-edit rebuild edits no real file
    (plain / "content").mkdir(parents=True)
    start = datetime(2023, 1, 1, 7, 0)
    step = timedelta(days=365 * 10) / max(count, 1)  # ten years of news, newest last
    slugs = set()
    for number in range(count):
        date = start - timedelta(days=365 * 10) + step * number + timedelta(minutes=rng.randint(0, 600))
        title, paragraphs, made = make(rng, words, number, date, shared)
        slug = slugify(title)
        while slug in slugs:
            slug += "-b"
        slugs.add(slug)
        body = "\n\n".join(paragraphs)
        front = {"title": title, "date": date.strftime("%Y-%m-%d %H:%M")}
        for key, value in made.items():
            front[key] = value
            if key == "tags":
                front["slug"] = slug
        year = f"{date:%Y}"
        (site / "content" / "articles" / year).mkdir(parents=True, exist_ok=True)
        (site / "content" / "articles" / year / f"{slug}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n",
            encoding="utf-8")
        meta = [f"Title: {title}", f"Date: {front['date']}", f"Category: {front['category']}",
                *([f"Tags: {', '.join(front['tags'])}"] if front["tags"] else []), f"Slug: {slug}", f"Author: {front['author']}",
                f"Summary: {front['summary']}"]
        (plain / "content" / f"{slug}.md").write_text("\n".join(meta) + "\n\n" + body + "\n", encoding="utf-8")
    (site / "site.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "PATH = 'content'\nOUTPUT_PATH = 'output'\nTHEME = 'theme'\n", encoding="utf-8")
    # Plain Pelican at its defaults, as a user gets it: no content cache, its feeds as it ships them.
    (plain / "plain.py").write_text(
        "SITENAME = 'Plain Pelican'\nPATH = 'content'\nOUTPUT_PATH = 'output'\nTIMEZONE = 'Asia/Ho_Chi_Minh'\n"
        "DEFAULT_LANG = 'vi'\nRELATIVE_URLS = True\n", encoding="utf-8")
    return {"site": site / "site.py", "plain": plain / "plain.py"}
