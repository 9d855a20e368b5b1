"""Officer mistakes get one Vietnamese line with file and line, never a traceback or a broken
page; the previous site stays exactly as it was. Built with the plain `pelican` command and
checked with `portal check`."""

import pytest

from tests.support.sites import PROJECT, output_text, portal, project_with_conf, snapshot
from wardportal.build_errors import LOG_FILE

TECHNICAL = ("Traceback", "CRITICAL", "__init__.py", "Done: Processed", "Could not")


def break_after_good_build(site, name: str, text: str) -> tuple[str, dict]:
    """Build a good site, add one broken file, build again: (what was printed, site before)."""
    site.article("tot", "Bài tốt", summary="Tóm tắt.")
    good = site.build()
    assert output_text(good).startswith("Đã xây dựng xong trang web:"), "one Vietnamese line"
    assert output_text(good).count("Đã xây dựng") == 1
    before = snapshot(site.output)
    site.write(name, text)
    printed = output_text(site.build(ok=False))
    assert snapshot(site.output) == before, "the published site must not change"
    for word in TECHNICAL:
        assert word not in printed
    return printed, before


def assert_check_says(site, *fragments: str) -> str:
    project = project_with_conf(site)
    result = portal(project, "check")
    assert result.returncode == 1, result.stderr
    text = " ".join(result.stdout.split())
    assert text, f"portal check printed nothing; its errors: {result.stderr[-3000:]}"
    for fragment in fragments:
        assert fragment in text
    assert "Traceback" not in result.stdout + result.stderr
    return text


@pytest.mark.parametrize(
    ("header", "body", "line", "advice"),
    [
        ("Image: D:\\Anh\\IMG_0001.jpg\n", "Nội dung.", 3, "images/IMG_0001.jpg"),
        ("", "Dòng một.\n\n![Ảnh](D:\\Anh\\IMG_0001.jpg)", 6, "{static}/images/IMG_0001.jpg"),
        ("", "![Ảnh](file:///C:/Users/Lan/anh.jpg)", 4, "{static}/images/anh.jpg"),
        ("", '<img src="\\\\may-chu\\anh\\le-hoi.jpg" alt="Lễ hội">', 4, "images/le-hoi.jpg"),
    ],
)
def test_a_photo_path_on_the_officers_computer_is_an_error(site, header, body, line, advice):
    text = f"Title: Bài có ảnh\nDate: 2026-11-20\n{header}\n{body}\n"
    printed, _ = break_after_good_build(site, "articles/anh.md", text)
    assert f"content/articles/anh.md, dòng {line}: ảnh “" in printed
    assert "đường dẫn trên máy tính của bạn" in printed
    assert "Hãy chép ảnh vào thư mục content/images/" in printed and advice in printed
    assert_check_says(site, f"content/articles/anh.md:{line}: ảnh “", advice)


@pytest.mark.parametrize("image", ["https://example.com/anh.jpg", "data:image/png;base64,AAAA"])
def test_a_banner_that_is_not_a_local_photo_is_an_error(site, image):
    text = f"Title: Bài\nDate: 2026-11-20\nImage: {image}\n\nx\n"
    printed, _ = break_after_good_build(site, "articles/banner.md", text)
    assert "content/articles/banner.md, dòng 3: ảnh đại diện (Image:) “" in printed
    assert "Image: images/ten-anh.jpg" in printed


def test_an_unexpected_exception_is_one_line_and_a_log(site):
    text = "Title: Bài lạ\nDate: 2026-11-20\nTemplate: khong-co-mau-nay\n\nx\n"
    printed, _ = break_after_good_build(site, "articles/la.md", text)
    assert printed.startswith(
        "Không xây dựng được trang web: content/articles/la.md: có lỗi không lường trước"
    )
    assert f"Chi tiết kỹ thuật đã ghi vào tệp {LOG_FILE}" in printed
    assert "Trang web đã xuất bản trước đó được giữ nguyên." in printed
    log = (site.root / LOG_FILE).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "khong-co-mau-nay" in log
    assert_check_says(site, "có lỗi không lường trước", LOG_FILE)


BROKEN_PLUGIN = """
from pelican import signals

def explode(generator, metadata):
    if "hong" in metadata:
        raise KeyError("no-such-key")

def register():
    signals.article_generator_context.connect(explode)
"""


def test_a_plugin_bug_on_one_file_names_that_file(site, tmp_path):
    plugins = tmp_path / "more-plugins"
    (plugins / "hong").mkdir(parents=True)
    (plugins / "hong/__init__.py").write_text(BROKEN_PLUGIN, encoding="utf-8")
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"exec(open({str(PROJECT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"THEME = {str(PROJECT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}, {str(plugins)!r}]\n"
        "PLUGINS = [*PLUGINS, 'hong']\n",
        encoding="utf-8",
    )
    site.article("tot", "Bài tốt")
    site.article("hong", "Bài làm hỏng plugin", hong="1")
    printed = output_text(site.build(str(settings), ok=False))
    expected = "content/articles/hong.md: có lỗi không lường trước khi xử lý tệp này (KeyError:"
    assert expected in printed
    assert "Could not process" not in printed
    for word in TECHNICAL:
        assert word not in printed
    assert "KeyError: 'no-such-key'" in (site.root / LOG_FILE).read_text(encoding="utf-8")


def test_a_successful_build_prints_no_english_summary(site):
    site.article("tot", "Bài tốt", summary="Tóm tắt.")
    result = site.build()
    assert "Done" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Dòng một.\n\n[Bấm vào đây](javascript:alert(1))", 6),
        ('Dòng một.\n\n<a href="JaVa&#x09;ScRiPt:alert(1)">Bấm</a>', 6),
        ('<p><a href=" vbscript:msgbox(1)">x</a></p>', 4),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="ảnh">', 4),
        ("Xem ![ảnh](data:image/svg+xml;base64,PHN2Zz4=)", 4),
    ],
)
def test_links_that_run_code_are_refused_in_the_body(site, body, line):
    text = f"Title: Bài có liên kết\nDate: 2026-11-20\n\n{body}\n"
    printed, _ = break_after_good_build(site, "articles/lien-ket.md", text)
    assert f"content/articles/lien-ket.md, dòng {line}: liên kết “" in printed
    assert "không được phép" in printed
    assert_check_says(site, f"content/articles/lien-ket.md:{line}: liên kết “")


def test_links_that_run_code_are_refused_in_html_pages(site):
    page = '<html><head><title>Trang</title></head><body>\n<a href="javascript:x()">x</a>\n'
    printed, _ = break_after_good_build(site, "pages/trang.html", page + "</body></html>")
    assert "content/pages/trang.html, dòng 2: liên kết “javascript:x()” không được phép" in printed


def test_a_script_link_in_the_summary_is_refused(site):
    text = "Title: Bài\nDate: 2026-11-20\nSummary: Xem [đây](javascript&colon;alert(1)).\n\nx\n"
    printed, _ = break_after_good_build(site, "articles/tom-tat.md", text)
    assert "content/articles/tom-tat.md, dòng 3: liên kết “javascript:alert(1)”" in printed


def test_the_summary_keeps_only_inline_formatting(site):
    site.article(
        "a",
        "Bài tóm tắt lạ",
        "Nội dung <em>có</em> HTML.",
        summary='<script>alert(1)</script> <iframe src="https://x.example"></iframe>'
        ' **Đậm** và *nghiêng*, [liên kết](https://example.vn) <h2 onclick="x()">to</h2>',
    )
    site.build()
    for url in ("/", "/tin-tuc/2026/bai-tom-tat-la/"):
        raw = site.path_of(url).read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<iframe" not in raw and "onclick" not in raw
    card = site.html("/").select_one(".card-summary")
    assert card.select_one("strong").get_text() == "Đậm"
    assert card.select_one("em").get_text() == "nghiêng"
    assert card.select_one("a")["href"] == "https://example.vn"
    assert card.select("h2, p") == []
    lead = site.html("/tin-tuc/2026/bai-tom-tat-la/").select_one(".lead")
    assert "Đậm và nghiêng, liên kết to" in " ".join(lead.get_text().split())


def test_a_list_card_of_an_article_without_summary_keeps_inline_formatting_only(site):
    site.article("a", "Bài có khung", "<div><script>alert(1)</script><b>Đậm</b> chữ</div>")
    site.build()
    card = site.html("/").select_one(".card-summary")
    assert card.select("script, div") == [] and card.select_one("b").get_text() == "Đậm"


def test_deeply_indented_html_is_not_a_deep_list(site):
    html = "".join(" " * (4 * level) + "<div>\n" for level in range(30))
    site.article("html", "Bài có HTML", html + "Chữ." + "</div>" * 30)
    site.build()


def test_absurd_articles_fail_fast(site):
    # Lists nested a thousand levels deep: Markdown would need minutes.
    nested = "".join("\t" * level + "- mục\n" for level in range(1000))
    site.write("articles/sau.md", f"Title: Sâu\nDate: 2026-11-20\n\n{nested}")
    site.write("articles/lon.md", "Title: Lớn\nDate: 2026-11-20\n\n" + "chữ " * 300_000)
    printed = output_text(site.build(ok=False))  # bounded by the build's timeout
    assert "content/articles/sau.md, dòng 69: danh sách lồng nhau quá sâu" in printed
    assert "content/articles/lon.md: tệp quá lớn (hơn 1 MB) để là một bài viết" in printed
