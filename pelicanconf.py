"""Site settings of the sample portal: Phúc Thành ward, Ninh Bình.

Pelican's own settings first, then the portal's (WARD_*, PORTAL_*: see docs/settings.md).
"""

SITENAME = "Cổng thông tin điện tử phường Phúc Thành"
SITEURL = "http://127.0.0.1:8000"
SITE_DESCRIPTION = (
    "Tin tức, sự kiện và bảng vàng phong trào thi đua “Dân vận khéo” của phường Phúc Thành."
)
AUTHOR = "Ban biên tập"
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_DATE = "fs"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["portal", "honours", "documents", "legal"]

# One language, so no "translations": two files with one slug are an error, not a pair.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Tin tức – Sự kiện"
FORMATTED_FIELDS = ["summary"]
SUMMARY_MAX_LENGTH = 40
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

ARTICLE_URL = "tin-tuc/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "tin-tuc/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tu-khoa/{slug}/"
TAG_SAVE_AS = "tu-khoa/{slug}/index.html"
TAGS_URL = "tu-khoa/"
TAGS_SAVE_AS = "tu-khoa/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_URL = "luu-tru/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "luu-tru/{date:%Y}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search", "404", "robots"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
INDEX_URL = ""
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = "tim-kiem/index.html"
ROBOTS_SAVE_AS = "robots.txt"
ROBOTS_URL = "robots.txt"
STATIC_URL = "{path}"
STATIC_SAVE_AS = "{path}"

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_MAX_ITEMS = 30
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True

SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^robots\.txt$"],
}

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# The ward (see docs/settings.md for every portal setting)
WARD_NAME = "Phường Phúc Thành"
WARD_PROVINCE = "tỉnh Ninh Bình"
WARD_ADDRESS = "Số 1 đường Lương Văn Thăng, phường Phúc Thành, tỉnh Ninh Bình"
WARD_PHONE = "0229 3871 000"
WARD_EMAIL = "ubndphucthanh@example.vn"
WARD_GOVERNING_BODY = "Ủy ban nhân dân phường Phúc Thành"
WARD_CONTENT_RESPONSIBLE = "Văn phòng HĐND và UBND phường Phúc Thành"
PORTAL_MENU = (
    ("Trang chủ", ""),
    ("Giới thiệu", "gioi-thieu/"),
    ("Tin tức – Sự kiện", "luu-tru/"),
    ("Bảng vàng", "bang-vang/"),
    ("Văn bản", "van-ban/"),
    ("Từ khóa", "tu-khoa/"),
    ("Dịch vụ công", "dich-vu-cong/"),
    ("Danh bạ", "danh-ba/"),
    ("Liên hệ", "lien-he/"),
)

# What Nghị định 42/2022/NĐ-CP asks besides news (docs/legal.md). The addresses of the
# procedures below are examples: a ward links its own procedures on the service portals.
WARD_NAME_EN = "Phuc Thanh Ward, Ninh Binh Province"
WARD_ADDRESS_EN = "No. 1 Luong Van Thang Street, Phuc Thanh Ward, Ninh Binh Province, Viet Nam"
WARD_ABOUT_EN = (
    "Phuc Thanh is an urban ward of Ninh Binh Province. The Ward People's Council is its elected"
    " body; the Ward People's Committee, with its Office and its Public Administrative Service"
    " Centre, carries out state administration, receives applications and answers residents."
    " The ward's Party Committee, Police and the Fatherland Front with its member unions work"
    " alongside it."
)
SERVICE_PORTALS = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    (
        "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Ninh Bình",
        "https://dichvucong.ninhbinh.gov.vn/",
    ),
)
SERVICE_PROCEDURES = (
    (
        "Đăng ký khai sinh",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    ),
    (
        "Đăng ký kết hôn",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894",
    ),
    (
        "Chứng thực bản sao từ bản chính",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000815",
    ),
    (
        "Cấp bản sao trích lục hộ tịch",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000635",
    ),
)
RELATED_LINKS = (
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cổng Thông tin điện tử tỉnh Ninh Bình", "https://ninhbinh.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Cổng Pháp luật quốc gia", "https://phapluat.gov.vn/"),
)
# The EMC monitoring script is set in publishconf.py only: a preview loads nothing from
# other sites.

# Markdown only: no reStructuredText reader (it also warns that Docutils lacks Vietnamese).
READERS = {"rst": None}
