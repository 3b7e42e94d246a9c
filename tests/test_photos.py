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
    assert [d.message for d in report.sorted()] == ['照片 "media/link.png" 指向了 media/ 之外的文件']


def test_symlink_inside_media_is_accepted(base_data):
    os.symlink("room.png", base_data / "media/alias.png")
    _site_with_photo(base_data, "media/alias.png")
    assert load("data")[1].ok


def test_symlinked_media_folder_is_refused(base_data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "room.png").write_bytes((base_data / "media/room.png").read_bytes())
    (base_data / "media/room.png").unlink()
    os.symlink(elsewhere, base_data / "media/sub")
    _site_with_photo(base_data, "media/sub/room.png")
    _, report = load("data")
    assert [d.message for d in report.sorted()] == ['照片 "media/sub/room.png" 指向了 media/ 之外的文件']


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
