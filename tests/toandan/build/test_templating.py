"""Listing items rendered once per article, and again once it changes."""

from jinja2 import DictLoader, Environment

from toandan.build.templating import FILTERS, forget_rendered


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
