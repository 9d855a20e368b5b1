"""The page signatures the engine reuses pages by (wardportal.page_memo), without Pelican."""

from __future__ import annotations

import datetime as dt
import enum
import os
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, nodes
from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from wardportal import page_memo
from wardportal.page_memo import NEIGHBOURS, LiveTexts, Signer, Unsigned, template_inputs

ROOT = Path(__file__).resolve().parent.parent


def article(title: str, source: str, **attributes) -> Article:
    item = Article(
        "<p>Nội dung.</p>",
        metadata={"title": title, "date": dt.datetime(2026, 10, 1, 8, 0)},
        settings=DEFAULT_CONFIG,
        source_path=source,
    )
    item.__dict__.update(attributes)
    return item


def test_a_page_changes_when_a_related_article_it_lists_changes_title():
    related = article("Tin liên quan", "b.md")
    page = article("Tin chính", "a.md", related_articles=[related])
    before = Signer(b"").sign_variable(page)
    related.title = "Tin liên quan, tiêu đề mới"
    assert Signer(b"").sign_variable(page) != before


def test_a_page_changes_when_its_neighbours_change():
    older, other = article("Tin cũ", "b.md"), article("Tin khác", "c.md")
    page = article("Tin chính", "a.md", older_article=older, related_articles=[])
    before = Signer(b"").sign_variable(page)
    page.older_article = other
    assert Signer(b"").sign_variable(page) != before
    page.older_article, page.related_articles = older, [other]
    assert Signer(b"").sign_variable(page) != before


def test_neighbours_count_only_on_the_items_own_page():
    """A new article enters the related news of hundreds of articles: a page that lists one
    of those, or shows it as related or older news, shows nothing of its neighbours."""
    far = article("Tin xa", "c.md")
    near = article("Tin gần", "b.md", related_articles=[far], newer_article=far)
    page = article("Tin chính", "a.md", related_articles=[near])
    before_page, before_list = Signer(b"").sign_variable(page), Signer(b"").sign([near])
    near.related_articles, near.newer_article = [], None
    far.title = "Tin xa đã sửa"
    assert Signer(b"").sign_variable(page) == before_page
    assert Signer(b"").sign([near]) == before_list
    near.title = "Tin gần đã sửa"
    assert Signer(b"").sign_variable(page) != before_page
    assert Signer(b"").sign([near]) != before_list


def test_the_theme_shows_neighbours_on_the_articles_own_page_only():
    """The signature leaves an article's neighbours out wherever it is not the page's own
    article (Signer.sign_variable): a template reaching them from anything else (a list's
    item, a related article) would show neighbours the engine does not watch."""
    environment = Environment()
    reached = []
    for template in sorted((ROOT / "theme" / "templates").rglob("*.html")):
        tree = environment.parse(template.read_text(encoding="utf-8"))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
            if name in NEIGHBOURS:
                owner = node.node.name if isinstance(node.node, nodes.Name) else "?"
                reached.append((template.name, owner))
    assert {owner for _, owner in reached} == {"article"}
    assert {template for template, _ in reached} == {"article.html"}


def test_caches_filled_while_rendering_are_not_part_of_the_signature():
    page = article("Tin chính", "a.md")
    before = Signer(b"").sign(page)
    page._portal_description = "Nội dung."
    assert Signer(b"").sign(page) == before
    page.share_card = "images/_the/abc.png"
    assert Signer(b"").sign(page) != before


def test_order_and_kind_of_values_count():
    signer = Signer(b"")
    assert signer.sign([1, 2]) != signer.sign([2, 1])
    assert signer.sign("1") != signer.sign(1)
    assert signer.sign({"a": 1, "b": 2}) == Signer(b"").sign({"b": 2, "a": 1})


def test_each_kind_of_value_signs_by_what_it_is():
    """Each kind of value Signer.sign knows, and a subclass of each, signs by its value (two
    equal objects alike), never by the object."""

    class Level(enum.IntEnum):
        WARD = 1

    class Note(str):
        pass

    signer = Signer(b"")
    assert signer.sign(Markup("<b>Tin</b>")) == signer.sign("<b>Tin</b>") == "<b>Tin</b>"
    assert signer.sign(Note("Tin")) == "Tin"
    assert signer.sign(True) is True and signer.sign(None) is None
    # A subclass of a number: its type counts, and its value (not its attributes).
    assert signer.sign(Level.WARD) == ("plain", "Level", repr(Level.WARD)) != signer.sign(1)
    day = dt.datetime(2026, 12, 1, 8, 0)
    assert signer.sign(day) == Signer(b"").sign(dt.datetime(2026, 12, 1, 8, 0))
    assert signer.sign(day) != signer.sign(day.replace(minute=1))
    assert signer.sign(dt.date(2026, 12, 1)) != signer.sign(dt.datetime(2026, 12, 1))
    assert signer.sign(len) == ("code", "builtins.len")
    assert signer.sign(Level) == ("code", f"{__name__}.{Level.__qualname__}")
    assert signer.sign(dt)[0] == "code"  # a module, by its name
    first, second = article("Một", "a.md"), article("Hai", "b.md")
    assert signer.sign(first) != signer.sign(second)
    assert signer.sign([first]) == Signer(b"").sign([article("Một", "a.md")])


def test_a_tag_signs_by_what_the_portal_gives_it_too():
    """A tag's page names the other words sharing its ASCII slug (content_rules: homographs):
    a word that comes makes the page again."""
    from pelican.urlwrappers import Tag

    from wardportal.content_rules import new_term

    settings = {**DEFAULT_CONFIG}
    alone = new_term(Tag, "Hội", "hoi", settings)
    shared, other = new_term(Tag, "Hội", "hoi", settings), new_term(Tag, "Hồi", "hooif", settings)
    shared.homographs, other.homographs = [other], [shared]
    assert Signer(b"").sign(alone) == Signer(b"").sign(new_term(Tag, "Hội", "hoi", settings))
    assert Signer(b"").sign(alone) != Signer(b"").sign(shared)


def test_a_value_with_no_attributes_cannot_be_vouched_for():
    class Slotted:
        __slots__ = ("value",)

    with pytest.raises(Unsigned):
        Signer(b"").sign(Slotted())


def test_links_to_other_content_follow_the_address_table():
    linking = article("Tin có liên kết", "a.md")
    linking._content = '<a href="{filename}b.md">Xem</a>'
    assert Signer(b"table 1").sign(linking) != Signer(b"table 2").sign(linking)
    plain = article("Tin không liên kết", "c.md")
    assert Signer(b"table 1").sign(plain) == Signer(b"table 2").sign(plain)


def test_template_inputs_follow_includes_and_count_a_box_by_its_name():
    environment = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% include 'partials/latest.html' %}"
                "{% block b %}{% endblock %}",
                "page.html": "{% extends 'base.html' %}{% block b %}{{ article.title }}"
                "{% endblock %}",
                "partials/latest.html": "{{ latest_html }}"
                "{% for a in latest_articles %}{% endfor %}",
                "dynamic.html": "{% include 'partials/' ~ name %}",
            }
        )
    )
    inputs, sources = template_inputs(environment, "page.html")
    assert inputs is not None
    assert {"SITENAME", "article", "latest_html"} <= inputs[0]
    assert "latest_articles" not in inputs[0]  # the page shows the box's text only
    assert set(sources) == {"page.html", "base.html"}
    assert template_inputs(environment, "dynamic.html")[0] is None


def test_equal_values_sign_alike_whichever_objects_they_are():
    """Two builds make equal texts as different objects: the signature must not see that."""
    shared = "Dân vận khéo"
    built = "".join(["Dân vận ", "khéo"])
    assert Signer(b"").sign([shared, shared]) == Signer(b"").sign([shared, built])


def test_a_kept_page_text_stands_for_the_file_it_was_written_to_only(tmp_path, monkeypatch):
    """The engine patches boxes into the live pages' text kept in memory, never into a text
    whose file was replaced since (a quick edit writes new files under the same names)."""
    page = tmp_path / "tin/index.html"
    page.parent.mkdir()
    page.write_text("<p>Bài số 1</p>", encoding="utf-8")
    texts = LiveTexts()
    texts.begin()
    texts.keep("tin/index.html", "<p>Bài số 1</p>".encode())
    texts.commit(tmp_path)  # the build's pages are live

    def no_reading(path):
        raise AssertionError(f"{path} read from the disk")

    monkeypatch.setattr(page_memo, "read_page", no_reading)
    assert texts.data("tin/index.html", page, os.stat(page)) == "<p>Bài số 1</p>".encode()
    texts.begin()
    texts.carry("tin/index.html", os.stat(page))  # reused as it is by the next build
    texts.commit(tmp_path)
    assert texts.data("tin/index.html", page, os.stat(page)) == "<p>Bài số 1</p>".encode()

    monkeypatch.undo()
    replacement = page.with_name("moi.html")
    replacement.write_text("<p>Bài số 2</p>", encoding="utf-8")  # as long: another file
    os.replace(replacement, page)
    assert texts.data("tin/index.html", page, os.stat(page)) == "<p>Bài số 2</p>".encode()
    texts.begin()
    texts.carry("tin/index.html", os.stat(page))  # no text carried for another file
    texts.commit(tmp_path)
    assert texts.made(["tin/index.html"]) == {} and not texts._live
