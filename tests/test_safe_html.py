"""Refused link schemes, computer paths and inline-only summaries, without Pelican."""

import pytest

from wardportal.safe_html import computer_path, inline_html, refused_links, refused_scheme


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  javascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;&#x61;vascript&colon;alert(1)", "javascript"),
        ("\x01javascript:alert(1)", "javascript"),
        ("VBScript:msgbox(1)", "vbscript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("DATA:image/png;base64,AAAA", "data"),
        ("https://example.vn/javascript:x", None),
        ("/tin-tuc/2026/data:bai/", None),
        ("mailto:ubnd@example.vn", None),
        ("{static}/images/a.jpg", None),
        ("bai-viet-ve-javascript", None),
    ],
)
def test_refused_scheme_sees_through_tricks(url, scheme):
    assert refused_scheme(url) == scheme


def test_refused_links_reads_every_url_attribute():
    html = (
        '<p><a href="https://a.vn">ok</a> <a href="java&#x09;script:x()">x</a>'
        '<img src="data:image/png;base64,AA" srcset="a.jpg 1x, javascript:y 2x">'
        '<form action="vbscript:z"></form> <svg><a xlink:href="javascript:w"></a></svg></p>'
    )
    assert refused_links(html) == [
        "java\tscript:x()",
        "data:image/png;base64,AA",
        "javascript:y",
        "vbscript:z",
        "javascript:w",
    ]
    assert refused_links("<p>Bài viết về script: và data: trong văn bản thường.</p>") == []


@pytest.mark.parametrize(
    ("path", "local"),
    [
        ("D:\\Anh\\IMG_0001.jpg", True),
        ("c:/Users/Lan/anh.jpg", True),
        ("\\\\may-chu\\anh\\a.jpg", True),
        ("images\\anh.jpg", True),
        ("file:///C:/anh.jpg", True),
        ("FILE://may/anh.jpg", True),
        ("images/anh.jpg", False),
        ("{static}/images/anh.jpg", False),
        ("https://example.vn/anh.jpg", False),
    ],
)
def test_computer_paths_are_recognised(path, local):
    assert computer_path(path) is local


def test_inline_html_keeps_inline_formatting_and_words_apart():
    summary = (
        "<p>Tin <strong>nóng</strong> <em>hôm nay</em> <code>x</code>"
        ' <a href="https://a.vn" onclick="x()">xem</a> <a href="javascript:x()">bấm</a></p>'
        "<h2>Tiêu đề</h2><ul><li>một</li><li>hai</li></ul><script>alert(1)</script>"
        '<img src="a.jpg" alt="ảnh"><iframe src="https://b.vn"></iframe><style>p{}</style>'
    )
    assert inline_html(summary) == (
        'Tin <strong>nóng</strong> <em>hôm nay</em> <code>x</code> <a href="https://a.vn">xem</a>'
        " <a>bấm</a> Tiêu đề một hai"
    )
