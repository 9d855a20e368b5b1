"""Phone photos become light, responsive, metadata-free copies; originals stay private."""

import os

from PIL import Image

from tests.support.sites import SITEURL

GPS_IFD = 0x8825


def phone_photo(site, name: str = "images/tu-dien-thoai.jpg", size=(2400, 1600)):
    """A large JPEG with a camera model and a GPS position in its EXIF, and a comment."""
    path = site.content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x0110] = "Điện thoại của cán bộ"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 15.0, 30.0), 3: "E", 4: (105.0, 58.0, 0.0)})
    picture = Image.new("RGB", size, (40, 120, 60))
    picture.save(path, quality=95, exif=exif, comment="Nguyễn Văn A, 0912 345 678")
    assert Image.open(path).getexif().get_ifd(GPS_IFD)
    return path


def test_photos_get_resized_webp_and_jpeg_copies_without_exif(site):
    phone_photo(site)
    site.article(
        "anh",
        "Bài có ảnh",
        "Mở đầu.\n\n![Người dân dọn vệ sinh](images/tu-dien-thoai.jpg)",
        image="images/tu-dien-thoai.jpg",
        imagealt="Ảnh đại diện",
    )
    site.build()
    page = site.html("/tin-tuc/2026/bai-co-anh/")
    body = page.select_one(".article-body picture")
    webp = body.select_one('source[type="image/webp"]')["srcset"]
    img = body.img
    widths = [int(part.split()[-1].rstrip("w")) for part in img["srcset"].split(", ")]
    assert widths == [480, 960, 1600]
    assert webp.count(".webp") == 3
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert img["loading"] == "lazy" and img["alt"] == "Người dân dọn vệ sinh"
    assert "sizes" in img.attrs
    banner = page.select_one(".banner img")
    assert "loading" not in banner.attrs, "the banner is the first thing seen: not lazy"
    for url in [part.split()[0] for part in img["srcset"].split(", ") + webp.split(", ")]:
        copy = site.path_of(url)
        with Image.open(copy) as picture:
            assert not picture.getexif(), url
            assert picture.width in (480, 960, 1600)
        assert b"GPS" not in copy.read_bytes() and b"0912" not in copy.read_bytes()
    assert not site.exists("/images/tu-dien-thoai.jpg"), "the original with GPS is not published"


def test_small_photos_are_not_enlarged(site):
    phone_photo(site, "images/nho.jpg", size=(600, 400))
    site.article("nho", "Ảnh nhỏ", image="images/nho.jpg", imagealt="Ảnh nhỏ")
    site.build()
    img = site.html("/tin-tuc/2026/anh-nho/").select_one(".banner img")
    assert [part.split()[-1] for part in img["srcset"].split(", ")] == ["480w", "600w"]
    assert (img["width"], img["height"]) == ("600", "400")


def test_unchanged_photos_are_not_processed_again(site):
    phone_photo(site)
    site.article("anh", "Bài có ảnh", image="images/tu-dien-thoai.jpg", imagealt="Ảnh")
    site.build()
    cache = site.root / ".cache/images"
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) == 6
    os.utime(site.content / "images/tu-dien-thoai.jpg")
    site.build()
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first
    phone_photo(site, size=(2000, 1500))
    site.build()
    assert len(list(cache.iterdir())) == 12, "a changed photo gets new copies"


def test_list_thumbnails_are_lazy_after_the_first(site):
    for number in range(3):
        phone_photo(site, f"images/anh-{number}.jpg", size=(1200, 675))
        site.article(
            f"a{number}",
            f"Tin {number}",
            image=f"images/anh-{number}.jpg",
            date=f"2026-11-0{number + 1}",
            imagealt="Ảnh",
        )
    site.build()
    thumbs = site.html("/").select(".card img")
    assert [t.get("loading") for t in thumbs] == [None, "lazy", "lazy"]
    assert all(site.exists(t["src"]) for t in thumbs)
    og = site.html("/tin-tuc/2026/tin-0/").select_one('meta[property="og:image"]')["content"]
    assert og.startswith(f"{SITEURL}/images/_v/") and og.endswith("-1200.jpeg")
