"""Statistics found in Vietnamese prose (toandan.vietnamese.prose_figures), each matched to the
registry's most likely indicator.

suggest_statistics() keeps the figures that match an indicator, scored (see _score):
- the kind must agree: money only for a money indicator, a percentage (at most 100) only for a
  rate, a whole count only for a count indicator whose measure is the first word(s) of the
  figure's noun ("1.691 tổ tự quản": measure "tổ");
- evidence: the share of the label's words found near the figure, a word in the figure's clause
  (between commas, semicolons, brackets) counting 1 and one elsewhere in its sentence 1/2. Words
  that say nothing of what is measured are left out of the label ("tỷ lệ", "về", "đạt"), and so
  is the portal's theme ("an ninh trật tự", "ANTT"), which nearly every sentence names;
- a count's noun may go on past the measure: the next MODIFIER_WORDS words say what it counts.
  When they share a word with the label ("tổ tự quản") the count scores 2, when there are none
  ("1.691 tổ.") 1; when they share none ("25 tổ công tác") the figure counts something else,
  and is kept only on evidence of at least MIN_EVIDENCE ("57 khẩu súng ... vật liệu nổ"), with 1;
  the evidence is added to the count's score;
- money and percentages carry no noun: they score the evidence alone and need MIN_EVIDENCE, a
  quarter of the label's words ("trị giá 3.678.000.000đ" is half of "Giá trị quà tặng");
- an amount for each ("mỗi suất trị giá 2 triệu đồng") is no total, and is not suggested;
- the highest score wins; a tie between two indicators is no suggestion (never a guess), and a
  figure met again for the same indicator (a lead repeated below) is suggested once.
Words are compared as syllables in lower case with their tone wherever it is written, so "hoá"
and "hóa" are one word but "hộ" and "hỗ" are two.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Protocol

from toandan.vietnamese.numbers import MONEY, PERCENT, Figure
from toandan.vietnamese.prose_figures import FoundFigure, find_figures

MIN_EVIDENCE = Fraction(1, 4)
LONGEST_SENTENCE = 400  # characters kept around a figure in a longer sentence (a list run on without stops)
MODIFIER_WORDS = 2  # the words after the measure that say what it counts: 'tổ' [công tác], 'căn' [nhà tình] nghĩa

# The portal's theme, in nearly every sentence: it tells no indicator from another.
THEME_PHRASES = ("an ninh trật tự", "an ninh, trật tự", "an ninh tổ quốc", "an ninh", "trật tự", "antt")
# Label words that say nothing about what is measured.
GENERIC_LABEL_WORDS = {"tỷ", "tỉ", "lệ", "về", "và", "của", "có", "các", "những", "được", "đang", "cho",
                       "trong", "đạt", "số", "lượng", "tổng"}

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_EACH = re.compile(r"\bmỗi\b", re.I)
_CLAUSE_MARKS = {",", ";", ":", "(", ")", "–", "—"}


class IndicatorLike(Protocol):
    """What suggestions need of an indicator of the registry (content_model's Indicator)."""

    key: str
    label: str
    measure: str

    @property
    def kind(self) -> str | None: ...


class RegistryLike(Protocol):
    """What suggestions need of the registry (content_model's Registry): its indicators by key."""

    indicators: Mapping[str, IndicatorLike]


@dataclass(frozen=True)
class Suggestion:
    """A figure of the prose proposed as an indicator's value, waiting for an editor."""

    value: str  # as written, a form `stats` accepts for the indicator: '1.691 tổ', '3,2 tỷ đồng', '81%'
    indicator: str  # the indicator's key
    sentence: str  # the sentence it came from; value is part of it
    figure: Figure
    score: float


@functools.lru_cache(maxsize=1 << 16)
def syllable(word: str) -> str:
    """A word as suggestions compare it: lower case, NFC, its tone mark moved to the end, so
    'hoá' and 'hóa' are equal and 'hộ' and 'hỗ' are not."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tones


# --- Matching to the registry ------------------------------------------------------------------

_THEME = re.compile("|".join(r"\b" + re.escape(phrase) + r"\b" for phrase in THEME_PHRASES), re.I)


def _words(text: str) -> list[str]:
    """The words of text as suggestions compare them, the portal's theme (THEME_PHRASES) left out."""
    return [syllable(word) for word in re.findall(r"[^\W\d_]+", _THEME.sub(" ", text))]


@dataclass(frozen=True)
class _Target:
    """An indicator as matching reads it, worked out once per call."""

    key: str
    kind: str | None
    label: frozenset[str]  # the words that say what it measures
    measure: tuple[str, ...]  # the words of its measure


def _targets(registry: RegistryLike) -> list[_Target]:
    generic = {syllable(word) for word in GENERIC_LABEL_WORDS}
    return [_Target(key, indicator.kind, frozenset(w for w in _words(indicator.label) if w not in generic),
                    tuple(_words(indicator.measure))) for key, indicator in registry.indicators.items()]


def _clause(found: FoundFigure) -> str:
    """The part of the sentence between the clause marks around the figure."""
    start, end = found.start, found.start + len(found.written)
    before = max((found.sentence.rfind(mark, 0, start) for mark in _CLAUSE_MARKS), default=-1)
    after = [i for i in (found.sentence.find(mark, end) for mark in _CLAUSE_MARKS) if i >= 0]
    return found.sentence[before + 1:min(after, default=len(found.sentence))]


def _evidence(label: frozenset[str], clause: set[str], sentence: set[str]) -> Fraction:
    """The share of the label's words near the figure: a word in its clause counts 1, elsewhere in
    its sentence 1/2. Exact, so that two indicators as likely compare equal."""
    if not label:
        return Fraction(0)
    halves = sum(2 if word in clause else 1 if word in sentence else 0 for word in label)
    return Fraction(halves, 2 * len(label))


def _score(found: FoundFigure, target: _Target, noun: list[str], clause: set[str],
           sentence: set[str]) -> tuple[Fraction, str] | None:
    """How likely found is a value of target, with the value as it would be written in `stats`;
    None when it cannot be one (the module's docstring says how). noun: the count's noun, as
    syllable() makes its words."""
    figure = found.figure
    if figure.kind != target.kind or figure.value < 0:
        return None
    if target.kind in (PERCENT, MONEY):
        evidence = _evidence(target.label, clause, sentence)
        if evidence < MIN_EVIDENCE or (target.kind == PERCENT and figure.value > 100):
            return None
        return evidence, found.written
    size = len(target.measure)
    if not isinstance(figure.value, int) or not size or tuple(noun[:size]) != target.measure:
        return None
    written_noun = figure.measure.split()
    if not found.written.endswith(figure.measure):
        return None
    # The value cut after the measure: '1.691 tổ' of '1.691 tổ tự quản', which `stats` accepts.
    value = found.written[:len(found.written) - len(figure.measure) + len(" ".join(written_noun[:size]))]
    # 'camera an ninh': the theme after the measure neither agrees nor disagrees with the label.
    rest = set(_words(" ".join(written_noun[size:size + MODIFIER_WORDS])))
    shared = rest & target.label
    evidence = _evidence(target.label - set(target.measure), clause, sentence)
    if rest and not shared and evidence < MIN_EVIDENCE:
        return None  # '25 tổ công tác': a tổ, but not one the label names
    return 1 + (1 if shared else 0) + evidence, value


def _shortened(sentence: str, value: str) -> str:
    """The sentence, or LONGEST_SENTENCE characters of it around value, cut between words."""
    if len(sentence) <= LONGEST_SENTENCE:
        return sentence
    at = sentence.find(value)
    half = (LONGEST_SENTENCE - len(value)) // 2
    start, end = max(0, at - half), min(len(sentence), at + len(value) + half)
    start = sentence.find(" ", start) + 1 if start > 0 else 0
    end = sentence.rfind(" ", 0, end) if end < len(sentence) else end
    return ("…" if start > 0 else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")


def suggest_statistics(markdown: str, registry: RegistryLike) -> list[Suggestion]:
    """The figures of a Markdown body that match an indicator of registry, in the order the text
    gives them; a figure repeated for the same indicator (in a lead and again below) is given once."""
    suggestions: list[Suggestion] = []
    seen: set[tuple] = set()
    sentence_words: dict[str, set[str]] = {}  # a sentence's words, worked out once for all its figures
    targets = _targets(registry)
    for found in find_figures(markdown):
        clause_text = _clause(found)
        if _EACH.search(clause_text[:clause_text.find(found.written)]):
            continue  # 'mỗi suất trị giá 2 triệu đồng': an amount for each, not the figure
        clause = set(_words(clause_text))
        if (sentence := sentence_words.get(found.sentence)) is None:
            sentence = sentence_words[found.sentence] = set(_words(found.sentence))
        noun = [syllable(word) for word in found.figure.measure.split()]
        scored = []
        for target in targets:
            if (result := _score(found, target, noun, clause, sentence)) is not None:
                scored.append((result[0], target.key, result[1]))
        if not scored:
            continue
        scored.sort(key=lambda item: -item[0])
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            continue  # two indicators as likely: an editor decides, not a guess
        score, key, value = scored[0]
        identity = (key, found.figure.value, found.figure.kind)
        if identity in seen:
            continue
        seen.add(identity)
        suggestions.append(Suggestion(value, key, _shortened(found.sentence, value), found.figure, float(score)))
    return suggestions
