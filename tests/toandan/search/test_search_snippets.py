"""What a hit shows: every form of the words marked, the rest escaped."""


from toandan.vietnamese.text import fold


def test_snippets_mark_every_form_of_the_words_and_escape_the_rest():
    from toandan.search.snippets import snippet as _snippet

    text = "<b>Đường</b> biên " + "xa " * 200 + "giữ ĐƯỜNG biên và đương nhiên"
    snippet = _snippet(text, {"duong", "bien"})
    assert snippet.startswith("&lt;b&gt;<mark>Đường</mark>&lt;/b&gt; <mark>biên</mark>")
    assert " … " in snippet and "<mark>ĐƯỜNG</mark> <mark>biên</mark> và <mark>đương</mark>" in snippet
    assert "<b>" not in snippet and len(snippet) < 700
    assert _snippet("Không có gì <trùng>", {"camera"}) == "Không có gì &lt;trùng&gt;"


def test_snippets_mark_the_words_a_text_s_tokens_hold_and_no_part_of_one():
    """The query's words are found where they stand as whole tokens of the text, as the index
    splits it: not inside a longer word or number, whatever stands beside them."""
    import random

    from toandan.search.analysis import TOKEN
    from toandan.search.snippets import matches

    rng = random.Random(3)
    pieces = ["an", "ân", "ninh", "anh", "1", "691", "1.691", "3,2", ".", ",", " ", "_", "-", "Đ", "đ", "x"]
    for _ in range(600):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        terms = set(rng.sample(["an", "ninh", "d", "1", "691", "1.691", "3,2", "2", "anh"], rng.randint(1, 4)))
        expected = [m.span() for m in TOKEN.finditer(fold(text.lower())) if m.group() in terms]
        assert matches(text, terms) == expected, (text, terms)
