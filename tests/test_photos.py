"""Photos must be real images inside data/media/; a symlink cannot smuggle another file in."""

from __future__ import annotations

import os

from pacesetter.contract import load


def _site_with_photo(data, photo: str) -> None:
    text = (data / "sites/sw-a-site.yaml").read_text(encoding="utf-8").replace("media/room.png", photo)
    (data / "sites/sw-a-site.yaml").write_text(text, encoding="utf-8")


def test_symlink_out_of_media_is_refused(base_data, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes((base_data / "media/room.png").read_bytes())
    os.symlink(outside, base_data / "media/link.png")
    _site_with_photo(base_data, "media/link.png")
    _, report = load("data")
    assert [(d.file, d.message) for d in report.sorted()] == [
        ("data/media/link.png", f"是指向“{outside}”的符号链接"),
        ("data/sites/sw-a-site.yaml", '照片 "media/link.png" 是符号链接或位于符号链接之下'),
    ]


def test_symlink_inside_media_is_refused_too(base_data):
    """A link that stays inside media/ is refused as well: no link is ever followed."""
    os.symlink("room.png", base_data / "media/alias.png")
    _site_with_photo(base_data, "media/alias.png")
    assert [d.file for d in load("data")[1].sorted()] == ["data/media/alias.png", "data/sites/sw-a-site.yaml"]


def test_symlinked_media_folder_is_refused(base_data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "room.png").write_bytes((base_data / "media/room.png").read_bytes())
    (base_data / "media/room.png").unlink()
    os.symlink(elsewhere, base_data / "media/sub")
    _site_with_photo(base_data, "media/sub/room.png")
    _, report = load("data")
    assert [d.message for d in report.sorted()] == [
        f"是指向“{elsewhere}”的符号链接", '照片 "media/sub/room.png" 是符号链接或位于符号链接之下']


import pytest  # noqa: E402


@pytest.mark.parametrize(("photo", "message"), [
    ("../column.yaml", "必须位于 media/ 之内"),
    ("media/../column.yaml", "必须位于 media/ 之内"),
    ("media/../../etc/passwd.png", "必须位于 media/ 之内"),
    ("/etc/passwd.png", "必须是相对路径"),
    ('"C:/Windows/win.png"', "必须是相对路径"),  # quoted: a bare C: in a flow list is YAML syntax
    ("media\\\\room.png", "必须是相对路径"),
    ("media/room.svg", "格式不受支持"),
    ("media/missing.png", "不存在"),
])
def test_photo_paths_outside_media_are_refused(base_data, photo, message):
    _site_with_photo(base_data, photo)
    report = load(base_data)[1]
    assert [(d.file, d.field) for d in report.sorted()] == [("data/sites/sw-a-site.yaml", "photos[1]")]
    assert message in report.sorted()[0].message


def test_a_file_that_is_not_an_image_is_refused(base_data):
    (base_data / "media/fake.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    _site_with_photo(base_data, "media/fake.png")
    [problem] = load(base_data)[1].sorted()
    assert "无法读取" in problem.message


# --- hardening, class 3: what a photo may carry, and what is published -------------

import io  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from PIL import Image  # noqa: E402

from .sitebuild import build_site, soup  # noqa: E402

OWNER = "Zhang San, Anlan Party Office"
CAMERA = "PhoneMaker X100"


def _photo_with_metadata(width=3000, height=2000, orientation=1) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera, owner, XMP, a comment, a colour profile."""
    from PIL import ImageCms

    image = Image.new("RGB", (width, height), (180, 30, 30))
    image.paste((250, 220, 60), (0, 0, width // 3, height // 2))  # a mark to see which way is up
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x013B] = OWNER  # Artist
    exif[0x8298] = OWNER  # Copyright
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)})
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{OWNER}</dc:creator></x:xmpmeta>'.encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=xmp, comment=OWNER.encode(), icc_profile=icc, quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def metadata_site(tmp_path_factory):
    from .conftest import CASES, build_case

    root = tmp_path_factory.mktemp("photos")
    data = build_case(CASES / "_base", root)
    (data / "media/phone.jpg").write_bytes(_photo_with_metadata())
    (data / "media/turned.jpg").write_bytes(_photo_with_metadata(1200, 800, orientation=6))
    text = (data / "sites/sw-a-site.yaml").read_text(encoding="utf-8")
    text = text.replace("media/room.png", "media/room.png, media/phone.jpg, media/turned.jpg")
    (data / "sites/sw-a-site.yaml").write_text(text, encoding="utf-8")
    assert load(data)[1].ok, load(data)[1].format()
    return build_site(data, root / "site")


def test_no_photo_metadata_reaches_the_site(metadata_site):
    published = [p for p in (metadata_site / "media").iterdir()]
    assert published
    gps_marker = (31).to_bytes(4, "big")  # not a proof alone: the checks below are
    for path in published:
        data = path.read_bytes()
        for secret in (OWNER.encode(), CAMERA.encode(), b"PhoneMaker", b"xmpmeta", b"Exif\x00\x00", b"ICC_PROFILE"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert not set(image.info) & {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"}, image.info
    assert gps_marker  # the GPS IFD goes with the EXIF block checked above


def test_large_photos_are_published_in_web_sizes_with_srcset(metadata_site):
    img = soup(metadata_site, "sites/sw-a-site").select(".ps-photos img")[1]
    srcset = [entry.rsplit(" ", 1) for entry in img["srcset"].split(", ")]
    assert [w for _, w in srcset] == ["480w", "960w", "1600w"]
    assert (img["width"], img["height"]) == ("960", "640")  # the default src, its aspect kept
    for url, width in srcset:
        with Image.open(metadata_site / "sites/sw-a-site" / url) as image:
            assert image.width == int(width[:-1]) and image.height == round(image.width * 2 / 3)
    assert not (metadata_site / "media/phone.jpg").exists()  # the original is never published


def test_a_turned_photo_is_published_upright(metadata_site):
    img = soup(metadata_site, "sites/sw-a-site").select(".ps-photos img")[2]
    assert (img["width"], img["height"]) == ("800", "1200")  # 1200×800 stored, shown turned a quarter
    with Image.open(metadata_site / "sites/sw-a-site" / img["src"]) as image:
        assert image.size == (800, 1200)
        # the yellow mark, stored at the top left, is at the top right once turned clockwise
        assert image.getpixel((790, 10))[1] > 180 and image.getpixel((10, 10))[1] < 80


def test_small_photos_keep_their_own_width(metadata_site):
    img = soup(metadata_site, "sites/sw-a-site").select(".ps-photos img")[0]
    assert (img["width"], img["height"]) == ("480", "270") and not img.has_attr("srcset")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header promises ``width``×``height`` pixels and whose data is a few bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bomb.png", _png_header_only(50_000, 50_000), "超过上限 100 百万像素"),
    ("wide.png", _png_header_only(200_000, 600), "超过上限"),
    ("half.jpg", _truncated_jpeg(), "无法读取"),
    ("empty.jpg", b"", "无法读取"),
    ("html.jpg", b"<html><script>alert(1)</script></html>", "无法读取"),
])
def test_hostile_photo_files_are_refused_at_check_time(base_data, name, content, message):
    (base_data / "media" / name).write_bytes(content)
    _site_with_photo(base_data, f"media/{name}")
    [problem] = load(base_data)[1].sorted()
    assert (problem.file, problem.field) == ("data/sites/sw-a-site.yaml", "photos[1]")
    assert message in problem.message


def test_a_decompression_bomb_is_refused_in_bounded_time_and_memory(base_data):
    """Checked in a child limited to 512 MiB and 60 s: the header is read, the pixels never are."""
    (base_data / "media/bomb.png").write_bytes(_png_header_only(60_000, 60_000))
    _site_with_photo(base_data, "media/bomb.png")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20));"
            "from pacesetter.cli import main; sys.exit(main(['check', '--data', 'data']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=base_data.parent)
    assert done.returncode == 1, done.stderr
    assert "超过上限" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(("photo", "message"), [
    ("media/p#1.png", "网址里不能直接使用的字符"),
    ("media/p?.png", "网址里不能直接使用的字符"),
    ("media/p%20x.png", "网址里不能直接使用的字符"),
    ("media/会议 照片.png", "网址里不能直接使用的字符"),
    ("media/.hidden.png", "网址里不能直接使用的字符"),
    ("media/./room.png", "写法不规范"),
    ("media//room.png", "写法不规范"),
])
def test_odd_photo_paths_are_refused_with_their_normal_form(base_data, photo, message):
    name = photo.rsplit("/", 1)[1]
    if "/./" not in photo and "//" not in photo:
        (base_data / "media" / name).write_bytes((base_data / "media/room.png").read_bytes())
    _site_with_photo(base_data, f'"{photo}"')
    [problem] = load(base_data)[1].sorted()
    assert (problem.file, problem.field) == ("data/sites/sw-a-site.yaml", "photos[1]")
    assert message in problem.message
    if message == "写法不规范":
        assert problem.hint == "写成 media/room.png"


def test_chinese_photo_names_are_accepted(base_data):
    (base_data / "media/党员活动室.png").write_bytes((base_data / "media/room.png").read_bytes())
    _site_with_photo(base_data, "media/党员活动室.png")
    assert load(base_data)[1].ok
