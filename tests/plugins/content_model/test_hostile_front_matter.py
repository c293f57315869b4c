"""Front matter written to hurt: alias bombs, oversized blocks, control characters, bytes that are not UTF-8."""

import subprocess
import sys
import textwrap

import pytest
import yaml

from content_model.frontmatter import FRONT_MATTER_LIMIT, FrontMatterError, _FastLoader, _RefusingLoader, split
from sitekit import GOOD_FRONT, ROOT


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """levels nested lists, each holding width aliases of the one before: width**levels values."""
    names = "abcdefghijklmnop"[:levels]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"tổ"'] * width) + "]"]
    for before, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * width) + "]")
    return "\n".join(lines)


def only_problem(site):
    problems = site.check()
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# The bomb is only ever read in a child process whose address space may grow by ALLOWANCE once
# the build's modules are imported, and which is stopped after a minute: expanded, it needs
# billions of values, and unrefused it would take the test machine down.
BOUNDED_CHECK = textwrap.dedent("""\
    import resource, sys
    sys.path.insert(0, {plugins!r})
    from toandan.building.publish import check
    import content_model.reader, pelican.generators, pelican.readers
    size = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + {allowance}, size + {allowance}))
    for problem in check(sys.argv[1]):
        print(problem)
""")
ALLOWANCE = 50 * 1024 * 1024


@pytest.mark.slow
def test_alias_bomb_is_refused_at_its_first_anchor_within_fifty_megabytes(site):
    site.article("bom", GOOD_FRONT + alias_bomb())
    site.article("tot", GOOD_FRONT.replace("Ra mắt", "Họp"))
    script = BOUNDED_CHECK.format(allowance=ALLOWANCE, plugins=str(ROOT / "plugins"))
    done = subprocess.run([sys.executable, "-c", script, str(site.settings)],
                          cwd=site.root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "content/articles/bom.md:6: không được dùng neo YAML '&a': neo và bí danh chép lại cả một khối "
        "giá trị, lồng nhau thì nhân lên hàng tỷ lần; hãy viết thẳng từng giá trị"]


def test_anchor_in_a_registry_is_refused(site):
    site.write("data/units.yaml", "Công an tỉnh: &mo Nòng cốt.\nỦy ban MTTQ tỉnh: Mặt trận.\nXã A: *mo\n")
    problem = only_problem(site)
    assert (problem.path, problem.line) == ("data/units.yaml", 1)
    assert "neo YAML '&mo'" in problem.reason


def test_alias_without_anchor_names_the_alias():
    with pytest.raises(FrontMatterError) as raised:
        split("---\ntitle: A\nunit: *khong-co\n---\n")
    assert (raised.value.line, raised.value.reason.split(":")[0]) == (3, "không được dùng bí danh YAML '*khong-co'")


def test_front_matter_over_the_limit_is_refused(site):
    site.article("dai", GOOD_FRONT + "summary: " + "ổ" * (FRONT_MATTER_LIMIT // 3))
    problem = only_problem(site)
    assert problem.line == 1
    assert f"dài quá {FRONT_MATTER_LIMIT // 1024} KB" in problem.reason


def test_front_matter_under_the_limit_is_read(site):
    site.article("vua", GOOD_FRONT + "summary: " + "ổ" * (FRONT_MATTER_LIMIT // 3 - 100))
    assert site.check() == []


@pytest.mark.parametrize("character, name", [("\x00", "U+0000"), ("\x0b", "U+000B"), ("\x7f", "U+007F")])
def test_control_character_in_title_names_line_and_character(site, character, name):
    site.article("ky-tu", GOOD_FRONT.replace("Ra mắt tổ", f"Ra mắt{character} tổ"))
    problem = only_problem(site)
    assert (problem.path, problem.line) == ("content/articles/ky-tu.md", 2)
    assert problem.reason.startswith(f"ký tự điều khiển {name}")
    assert "ở dòng 2, cột 14" in problem.reason


def test_control_character_further_down_names_its_own_line(site):
    site.article("ky-tu", GOOD_FRONT + "summary: Họp\x0bbàn")
    problem = only_problem(site)
    assert problem.line == 6 and "U+000B (dấu ngắt dòng của Word" in problem.reason


def test_bytes_that_are_not_utf8_name_their_line(site):
    path = site.article("latin", GOOD_FRONT)
    path.write_bytes(path.read_bytes().replace("Ra mắt".encode(), "Ra m\xe9t".encode("latin-1")))
    problem = only_problem(site)
    assert (problem.path, problem.line) == ("content/articles/latin.md", 2)
    assert "byte 0xE9 ở dòng 2" in problem.reason


def test_registry_that_is_not_utf8_names_its_line(site):
    (site.content / "data" / "units.yaml").write_bytes(b"Cong an tinh: Nong cot.\nXa \xc0: x\n")
    problems = [p for p in site.check() if p.path == "data/units.yaml"]
    assert [(p.line, "byte 0xC0 ở dòng 2" in p.reason) for p in problems] == [(2, True)]


@pytest.mark.parametrize("text", [
    "title: An ninh & trật tự *mới*\ntags: [a & b, '*c']\nstats:\n  period: 2021\n  figures: {phan-qua: 8.230}\n",
    "summary: |\n  Dòng một & dòng hai\n  * gạch đầu dòng\n",
])
def test_refusing_loader_composes_as_libyaml_does(text):
    """Front matter with '&' or '*' in its text goes through the refusing composer; the same nodes come out."""
    def shape(node):
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value, node.start_mark.line, node.style)
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, [shape(item) for item in node.value])
        return (node.tag, [(shape(k), shape(v)) for k, v in node.value])

    assert shape(yaml.compose(text, Loader=_RefusingLoader)) == shape(yaml.compose(text, Loader=_FastLoader))


@pytest.mark.parametrize("title", ["Ra mắt tổ tự quản", "An ninh & trật tự"])  # libyaml's composer, and ours
def test_nesting_too_deep_is_refused_with_its_line(site, title):
    site.article("sau", GOOD_FRONT.replace("Ra mắt tổ tự quản", title) + "tags: " + "[" * 500 + "]" * 500)
    problem = only_problem(site)
    assert (problem.line, problem.reason) == (6, "danh sách và nhóm lồng nhau quá 32 tầng")


@pytest.mark.parametrize("title", ["A", "A & B"])
def test_nesting_as_deep_as_allowed_is_read(title):
    """32 levels: the mapping of fields, 30 lists, and the text in the innermost."""
    matter = split(f"---\ntitle: {title}\ntags: " + "[" * 30 + "x" + "]" * 30 + "\n---\n")
    assert matter.line("tags", *[0] * 30) == 3
    with pytest.raises(FrontMatterError):
        split(f"---\ntitle: {title}\ntags: " + "[" * 31 + "x" + "]" * 31 + "\n---\n")
