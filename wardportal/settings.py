"""The portal's own settings: one table of defaults, validated once per build.

Pelican's settings keep their meaning; these are the ones the portal adds. Each is
documented in docs/settings.md (a test checks that every key below is).
"""

from __future__ import annotations

import os
from typing import Any

# name: (default, expected type, what it is for)
PORTAL_DEFAULTS: dict[str, tuple[Any, type | tuple[type, ...], str]] = {
    "WARD_NAME": ("Phường Phúc Thành", str, "tên phường hiển thị ở đầu trang"),
    "WARD_PROVINCE": ("tỉnh Ninh Bình", str, "tỉnh/thành phố của phường"),
    "WARD_PORTAL_TITLE": ("Cổng thông tin điện tử", str, "dòng chữ trên tên phường"),
    "WARD_LOGO": ("images/logo.svg", str, "biểu trưng, đường dẫn trong content/"),
    "SITE_SHARE_IMAGE": (
        "",
        str,
        "ảnh chia sẻ của các trang không có ảnh (content/, 1200×630); để trống thì dùng thẻ tự tạo",
    ),
    "PORTAL_SHARE_CARDS": (
        True,
        bool,
        "tự tạo ảnh chia sẻ 1200×630 (tên phường và tiêu đề) cho trang không có ảnh",
    ),
    "PORTAL_SHARE_CARD_FONT": (
        "",
        str,
        "phông chữ .ttf vẽ ảnh chia sẻ; để trống thì dùng DejaVu Sans (gói fonts-dejavu-core)",
    ),
    "WARD_ADDRESS": ("", str, "địa chỉ trụ sở, hiện ở chân trang"),
    "WARD_PHONE": ("", str, "điện thoại, hiện ở chân trang"),
    "WARD_EMAIL": ("", str, "thư điện tử, hiện ở chân trang"),
    "WARD_GOVERNING_BODY": ("", str, "cơ quan chủ quản"),
    "WARD_CONTENT_RESPONSIBLE": ("", str, "người chịu trách nhiệm nội dung"),
    "WARD_NAME_EN": ("", str, "tên phường bằng tiếng Anh, cho trang /en/ (trống: tên tiếng Việt)"),
    "WARD_ADDRESS_EN": ("", str, "địa chỉ trụ sở bằng tiếng Anh, cho trang /en/"),
    "WARD_ABOUT_EN": ("", str, "đoạn giới thiệu chức năng, tổ chức của phường bằng tiếng Anh"),
    "CONTACTS_PATH": ("contacts", str, "thư mục dữ liệu danh bạ cán bộ, trong content/"),
    "CONTACTS_URL": ("danh-ba/", str, "địa chỉ trang Danh bạ (cán bộ đầu mối)"),
    "ENGLISH_URL": ("en/", str, "địa chỉ trang tiếng Anh: cơ cấu tổ chức và liên hệ"),
    "SERVICES_URL": ("dich-vu-cong/", str, "địa chỉ trang Dịch vụ công"),
    "SERVICE_PORTALS": (
        (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),),
        (list, tuple),
        "các cổng dịch vụ công (quốc gia, của tỉnh): danh sách (tên, địa chỉ)",
    ),
    "SERVICE_PROCEDURES": (
        (),
        (list, tuple),
        "thủ tục hành chính của phường làm trực tuyến: danh sách (tên, địa chỉ)",
    ),
    "RELATED_LINKS": ((), (list, tuple), "liên kết tới các cơ quan liên quan: (tên, địa chỉ)"),
    "EMC_SCRIPT_URL": ("", str, "địa chỉ tệp script trong mã nhúng EMC (https://…)"),
    "EMC_BADGE_LINK": ("", str, "liên kết của biểu tượng EMC (https://…)"),
    "EMC_BADGE_IMAGE": ("", str, "ảnh biểu tượng EMC ở chân trang (https://…)"),
    "PORTAL_LATEST_COUNT": (6, int, "số bài trong khối “Tin mới nhất”"),
    "PORTAL_RELATED_COUNT": (4, int, "số bài trong “Tin liên quan”"),
    "PORTAL_MENU": ((), (list, tuple), "trình đơn chính: danh sách (tên, đường dẫn)"),
    "PORTAL_COUNTER": (True, bool, "hiện khối “Thống kê truy cập” và gửi lượt xem"),
    "PORTAL_SEARCH": (True, bool, "tạo chỉ mục tìm kiếm (Pagefind) và trang /tim-kiem/"),
    "PORTAL_REQUIRED_PAGES": (
        ("gioi-thieu", "lien-he"),
        (list, tuple),
        "slug các trang bắt buộc phải có (portal check cảnh báo nếu thiếu)",
    ),
    "PORTAL_DEFAULT_AUTHOR": ("", str, "tác giả điền sẵn khi tạo bài bằng portal new"),
    "PORTAL_IMAGE_WIDTHS": ((480, 960, 1600), (list, tuple), "các chiều rộng ảnh được tạo"),
    "PORTAL_IMAGE_CACHE": (".cache/images", str, "thư mục lưu ảnh đã thu nhỏ, để không làm lại"),
    "PORTAL_MARKDOWN_CACHE": (
        ".cache",
        str,
        "thư mục lưu nội dung Markdown đã chuyển sang HTML, để không làm lại; để trống thì tắt",
    ),
    "PORTAL_TEMPLATE_CACHE": (
        ".cache/templates",
        str,
        "thư mục giữ các mẫu giao diện đã biên dịch, để không làm lại; để trống thì tắt",
    ),
    "PORTAL_SEARCH_CACHE": (
        ".cache/search",
        str,
        "thư mục giữ chỉ mục tìm kiếm, dùng lại khi nội dung tìm kiếm không đổi; để trống thì tắt",
    ),
    "PORTAL_DEV_RELOAD": (False, bool, "trang tự tải lại sau mỗi lần xây dựng (make devserver)"),
    "PORTAL_DEPLOY_TARGET": ("", str, "nơi xuất bản: “người@máy-chủ:/srv/phuong” hoặc một thư mục"),
    "PORTAL_DEPLOY_KEEP": (5, int, "số bản xuất bản cũ giữ lại trên máy chủ"),
    "PORTAL_HOLD_FUTURE": (False, bool, "giữ lại bài có ngày đăng sau hôm nay (publishconf bật)"),
    "PORTAL_ATOMIC_OUTPUT": (True, bool, "xây dựng ở thư mục tạm rồi mới thay thư mục output"),
    "PORTAL_PARALLEL": (
        True,
        bool,
        "dùng các lõi khác của máy (Linux): đọc bài, viết bảng vàng, lập chỉ mục song song",
    ),
    "PORTAL_URL_RECORD": (
        ".portal/urls.json",
        str,
        "sổ địa chỉ đã xuất bản (trong content/), do lệnh xây dựng ghi; để trống thì tắt",
    ),
    "PORTAL_WRITE_URL_RECORD": (
        True,
        bool,
        "ghi sổ địa chỉ sau mỗi lần xây dựng thành công (portal check thì không ghi)",
    ),
    "PORTAL_GONE_LIST": (
        ".portal/gone.txt",
        str,
        "danh sách địa chỉ gỡ có chủ ý (trong content/), mỗi dòng một địa chỉ: trả về 410",
    ),
    "PORTAL_REDIRECT_LIST": (
        ".portal/redirects.txt",
        str,
        "danh sách chuyển hướng tự ghi (trong content/), mỗi dòng “/cũ/ /mới/”",
    ),
    "HONOUR_PATH": ("honours", str, "thư mục dữ liệu bảng vàng, trong content/"),
    "HONOUR_CAMPAIGN": ("Dân vận khéo", str, "tên phong trào khi tệp dữ liệu không ghi"),
    "HONOUR_FIELDS": (
        (
            "Phát triển kinh tế",
            "Văn hoá - xã hội",
            "An ninh - quốc phòng",
            "Xây dựng hệ thống chính trị",
        ),
        (list, tuple),
        "các lĩnh vực của bảng vàng, theo thứ tự hiển thị",
    ),
    "HONOUR_KINDS": (("mô hình", "điển hình"), (list, tuple), "các loại: tập thể, cá nhân"),
    "HONOUR_STATUSES": (
        ("đăng ký", "công nhận", "khen thưởng", "đề nghị"),
        (list, tuple),
        "các trạng thái của một mô hình, điển hình",
    ),
    "HONOUR_LEVELS": (
        ("phường", "thành phố", "tỉnh", "trung ương"),
        (list, tuple),
        "các cấp công nhận, từ thấp đến cao",
    ),
    "HONOUR_RECENT_COUNT": (5, int, "số mục trong khối “Gương điển hình” (trang chủ, cột bên)"),
    "HONOUR_INDEX_LIMIT": (
        60,
        int,
        "số mục tối đa liệt kê cho mỗi giai đoạn ở trang Bảng vàng; nhiều hơn thì chỉ dẫn"
        " liên kết tới trang của giai đoạn",
    ),
    "HONOUR_URL": ("bang-vang/", str, "địa chỉ trang Bảng vàng"),
    "HONOUR_PERIOD_URL": ("bang-vang/{period}/", str, "địa chỉ trang một giai đoạn"),
    "HONOUR_FIELD_URL": ("bang-vang/linh-vuc/{field}/", str, "địa chỉ trang một lĩnh vực"),
    "HONOUR_ENTRY_URL": ("bang-vang/{period}/{slug}/", str, "địa chỉ trang một mô hình, điển hình"),
    "HONOUR_JSON_SAVE_AS": ("bang-vang/bang-vang.json", str, "tệp dữ liệu mở JSON"),
    "HONOUR_CSV_SAVE_AS": ("bang-vang/bang-vang.csv", str, "tệp dữ liệu mở CSV (mở bằng Excel)"),
    "HONOUR_FEED_ATOM": ("feeds/bang-vang.atom.xml", str, "nguồn tin Atom của bảng vàng"),
    "HONOUR_FEED_MAX_ITEMS": (100, int, "số mục mới nhất trong nguồn tin Atom của bảng vàng"),
    "DOCUMENT_PATH": ("documents", str, "thư mục dữ liệu văn bản, trong content/ (tệp ở files/)"),
    "DOCUMENT_TYPES": (
        (
            "Nghị quyết",
            "Quyết định",
            "Chỉ thị",
            "Kế hoạch",
            "Chương trình",
            "Thông báo",
            "Báo cáo",
            "Công văn",
            "Hướng dẫn",
            "Tờ trình",
            "Kết luận",
        ),
        (list, tuple),
        "các loại văn bản được dùng, theo thứ tự hiển thị",
    ),
    "DOCUMENT_URL": ("van-ban/", str, "địa chỉ trang danh sách văn bản"),
    "DOCUMENT_PAGE_URL": ("van-ban/{slug}/", str, "địa chỉ trang một văn bản"),
    "DOCUMENT_TYPE_URL": ("van-ban/loai/{slug}/", str, "địa chỉ trang lọc theo loại văn bản"),
    "DOCUMENT_ISSUER_URL": ("van-ban/co-quan/{slug}/", str, "trang lọc theo cơ quan ban hành"),
    "DOCUMENT_YEAR_URL": ("van-ban/nam/{slug}/", str, "địa chỉ trang lọc theo năm ban hành"),
    "DOCUMENT_FIELD_URL": ("van-ban/linh-vuc/{slug}/", str, "địa chỉ trang lọc theo lĩnh vực"),
    "DOCUMENT_FILE_URL": ("van-ban/tep/{name}", str, "địa chỉ tải tệp của văn bản"),
    "DOCUMENT_JSON_SAVE_AS": ("van-ban/van-ban.json", str, "tệp dữ liệu mở JSON của văn bản"),
    "DOCUMENT_CSV_SAVE_AS": ("van-ban/van-ban.csv", str, "tệp dữ liệu mở CSV của văn bản"),
}


class SettingsError(ValueError):
    """A setting with a value of the wrong kind; the message is in Vietnamese."""


def project_folder(settings: dict) -> str:
    """The project's folder, the content folder's parent: the caches (".cache/…") and the
    names shown to the officer are taken from it."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def apply_defaults(settings: dict) -> dict:
    """Fill missing portal settings with their defaults and check the types of all of them."""
    for name, (default, expected, _doc) in PORTAL_DEFAULTS.items():
        settings.setdefault(name, default)
        value = settings[name]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            kinds = expected if isinstance(expected, tuple) else (expected,)
            wanted = " hoặc ".join(kind.__name__ for kind in kinds)
            raise SettingsError(
                f"pelicanconf.py: thiết lập {name} = {value!r} không hợp lệ; cần kiểu {wanted}"
                f" ({_doc})."
            )
    if settings["PORTAL_LATEST_COUNT"] < 1:
        raise SettingsError("pelicanconf.py: PORTAL_LATEST_COUNT phải lớn hơn 0.")
    for name in LINK_LISTS:
        settings[name] = link_list(name, settings[name])
    return settings


# Settings that list links to other sites as (name, address) pairs.
LINK_LISTS = ("SERVICE_PORTALS", "SERVICE_PROCEDURES", "RELATED_LINKS")


def link_list(name: str, value: list | tuple) -> tuple[tuple[str, str], ...]:
    """(name, address) pairs, each address a full http(s) one: a link a resident can follow."""
    pairs = []
    for item in value:
        ok = isinstance(item, list | tuple) and len(item) == 2
        if ok and all(isinstance(part, str) and part.strip() for part in item):
            title, url = item
            if url.startswith(("https://", "http://")) and not any(c in url for c in ' "<>'):
                pairs.append((title, url))
                continue
        raise SettingsError(
            f"pelicanconf.py: thiết lập {name} có mục {item!r} không hợp lệ; mỗi mục là một"
            ' cặp ("tên", "https://địa-chỉ-đầy-đủ")'
        )
    return tuple(pairs)
