"""Listing items rendered once per article, and again once it changes."""

from jinja2 import DictLoader, Environment

from toandan.building.templating import FILTERS, forget_rendered


class Article:
    def __init__(self, title: str):
        self.title = title


def test_an_item_is_rendered_once_per_article_and_page_address_until_forgotten():
    calls = []
    env = Environment(loader=DictLoader({"list.html": (
        "{% macro _item(a, thumb) %}{{ calls.append(a.title) or '' }}<li>{{ a.title }}{{ '*' if thumb }}</li>{% endmacro %}"
        "{% for a in articles %}{{ a|rendered_once(_item, loop.first, depends_on=SITEURL) }}{% endfor %}")}))
    env.filters.update(FILTERS)
    first, second = Article("Một"), Article("Hai")
    page = env.get_template("list.html")

    assert page.render(articles=[first, second], calls=calls, SITEURL="") == "<li>Một*</li><li>Hai</li>"
    assert page.render(articles=[first, second], calls=calls, SITEURL="") == "<li>Một*</li><li>Hai</li>"
    assert calls == ["Một", "Hai"]
    assert page.render(articles=[second], calls=calls, SITEURL="..") == "<li>Hai*</li>"  # other arguments
    assert page.render(articles=[first], calls=calls, SITEURL="..") == "<li>Một*</li>"  # another page's address
    assert calls == ["Một", "Hai", "Hai", "Một"]

    first.title = "Một đã sửa"
    forget_rendered(first)
    assert page.render(articles=[first, second], calls=calls, SITEURL="") == "<li>Một đã sửa*</li><li>Hai</li>"
    assert calls[-1] == "Một đã sửa" and len(calls) == 5


def test_generators_of_one_build_compile_a_shared_template_once(tmp_path, monkeypatch):
    import copy

    import jinja2
    from pelican.generators import Generator
    from pelican.settings import DEFAULT_CONFIG

    from toandan.building.templating import compiled_once

    (tmp_path / "templates").mkdir()
    base = tmp_path / "templates" / "base.html"
    base.write_text("<h1>{% block title %}{% endblock %}</h1>")
    (tmp_path / "templates" / "tin.html").write_text("{% extends 'base.html' %}{% block title %}Tin{% endblock %}")
    compiled = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *args, **kw: compiled.append(name) or compile_(
                            self, source, name, *args, **kw))
    settings = copy.deepcopy(DEFAULT_CONFIG)

    def generator():
        return Generator(context={}, settings=settings, path=str(tmp_path), theme=str(tmp_path),
                         output_path=str(tmp_path / "output"))

    with compiled_once():
        first, second = generator(), generator()
        assert first.get_template("tin").render() == second.get_template("tin").render() == "<h1>Tin</h1>"
        assert sorted(compiled) == ["base.html", "tin.html"]  # the second environment compiled nothing
        base.write_text("<h2>{% block title %}{% endblock %}</h2>")  # a changed source is compiled again
        assert generator().get_template("tin").render() == "<h2>Tin</h2>"
        assert sorted(compiled) == ["base.html", "base.html", "tin.html"]
    generator().get_template("tin").render()  # outside a build: an environment of its own, as Pelican makes it
    assert len(compiled) == 5


def _site_page(calls):
    env = Environment(loader=DictLoader({"page.html": (
        "{% macro _menu(current) %}{{ calls.append(current) or '' }}"
        "{% for name in menu %}<a href='{{ root }}/'{% if name == current %} aria-current{% endif %}>{{ name }}</a>"
        "{% endfor %}{% endmacro %}"
        "<p>{{ title }}</p>{{ _menu|site_wide(current, depends_on=(root, menu)) }}")}), autoescape=True)
    env.filters.update(FILTERS)
    return env.get_template("page.html")


def test_a_site_wide_part_is_rendered_once_per_environment_and_escaped():
    calls = []
    page = _site_page(calls)
    menu, root = ["Tin <mới>", "Thể thao"], "/trang"

    assert page.render(title="Một", current="Thể thao", menu=menu, root=root, calls=calls) == \
        "<p>Một</p><a href='/trang/'>Tin &lt;mới&gt;</a><a href='/trang/' aria-current>Thể thao</a>"
    assert page.render(title="Hai", current="Thể thao", menu=menu, root=root, calls=calls) == \
        "<p>Hai</p><a href='/trang/'>Tin &lt;mới&gt;</a><a href='/trang/' aria-current>Thể thao</a>"
    assert calls == ["Thể thao"]  # the second page took the part the first rendered
    assert page.render(title="Ba", current=None, menu=menu, root=root, calls=calls) == \
        "<p>Ba</p><a href='/trang/'>Tin &lt;mới&gt;</a><a href='/trang/'>Thể thao</a>"  # other arguments
    assert calls == ["Thể thao", None]

    other = _site_page(calls)  # another generator's environment, or the next build's
    assert other.render(title="Một", current="Thể thao", menu=["Mới"], root=root, calls=calls) == \
        "<p>Một</p><a href='/trang/'>Mới</a>"
    assert calls == ["Thể thao", None, "Thể thao"]


def test_a_site_wide_part_is_rendered_again_for_other_site_wide_objects():
    """One environment rendering pages of other addresses or menus (the desk's previews, each for
    the address it is served under): the part follows them."""
    calls = []
    page = _site_page(calls)
    assert page.render(title="Một", current=None, menu=["Tin"], root="/ban-bien-tap/xem-truoc", calls=calls) == \
        "<p>Một</p><a href='/ban-bien-tap/xem-truoc/'>Tin</a>"
    assert page.render(title="Một", current=None, menu=["Tin"], root="/khac/xem-truoc", calls=calls) == \
        "<p>Một</p><a href='/khac/xem-truoc/'>Tin</a>"
    assert page.render(title="Một", current=None, menu=["Tin", "Thời sự"], root="/khac/xem-truoc", calls=calls) == \
        "<p>Một</p><a href='/khac/xem-truoc/'>Tin</a><a href='/khac/xem-truoc/'>Thời sự</a>"
    assert len(calls) == 3
