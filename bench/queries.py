"""The fixed mix of search queries the benchmark times: drawn from a corpus's own articles, the same
for the same corpus, so that it holds what readers type there and not only its commonest words."""

import random
import re
from collections import Counter
from pathlib import Path

from toandan.vietnamese.text import fold

WORD = re.compile(r"[^\W\d_]+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)+|\d{2,}")  # as written: '1.691', '81,5', '2023'
SIZE = 320  # queries in the mix
PHRASES = 0.2  # of them quoted phrases of two to four syllables
SAMPLED = 300  # articles read for the mix


def _texts(site: Path) -> list[str]:
    paths = sorted((site / "content" / "articles").rglob("*.md"))
    step = max(1, len(paths) // SAMPLED)
    return [path.read_text(encoding="utf-8").split("---", 2)[2] for path in paths[::step]]


def query_mix(site: Path, seed: int = 30) -> list[str]:
    """SIZE queries: common and rare words alone and by two or three, numbers as written, and
    PHRASES of quoted phrases taken from the text (most from its commonest pairs), each typed with
    its diacritics or, one in three, without."""
    rng = random.Random(seed)
    texts = _texts(site)
    runs = [[word.lower() for word in WORD.findall(sentence)] for text in texts for sentence in re.split(r"[.,;:\n]", text)]
    counts = Counter(word for run in runs for word in run)
    ranked = [word for word, _ in counts.most_common()]
    common, rare = ranked[:100], [word for word in ranked if counts[word] <= 3] or ranked[-50:]
    pairs = Counter(tuple(run[i:i + 2]) for run in runs for i in range(len(run) - 1))
    common_pairs = [pair for pair, _ in pairs.most_common(60)]
    numbers = sorted({number for text in texts for number in NUMBER.findall(text)}) or ["2023"]

    def typed(query: str) -> str:
        return fold(query) if rng.random() < 1 / 3 else query

    def phrase() -> str:
        if rng.random() < 0.6:  # a common pair, and a word or two that follow it in some text
            first, second = rng.choice(common_pairs)
            words = [first, second]
        else:
            run = rng.choice([run for run in runs if len(run) >= 4])
            start = rng.randrange(len(run) - 1)
            words = run[start:start + 2]
        length = rng.randint(2, 4)
        for run in rng.sample(runs, min(len(runs), 200)):
            for i in range(len(run) - length + 1):
                if run[i:i + 2] == words[:2]:
                    return '"' + typed(" ".join(run[i:i + length])) + '"'
        return '"' + typed(" ".join(words)) + '"'

    makers = [(0.25, lambda: typed(rng.choice(common))), (0.15, lambda: typed(rng.choice(rare))),
              (0.2, lambda: typed(" ".join(rng.sample(common, rng.randint(2, 3))))),
              (0.1, lambda: typed(f"{rng.choice(common)} {rng.choice(rare)}")),
              (0.1, lambda: rng.choice(numbers) + rng.choice(["", f" {rng.choice(common)}"])),
              (PHRASES, phrase)]
    mix = []
    for share, make in makers:
        mix += [make() for _ in range(round(share * SIZE))]
    return mix


def is_phrase(query: str) -> bool:
    return query.startswith('"')
