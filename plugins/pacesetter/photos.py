"""Photos as the public site may show them: checked, re-encoded, without metadata, in web sizes.

A photo from a phone carries its GPS position, the camera and often the owner's name
(EXIF, XMP, comments). None of that may reach the public site, so no photo is ever
published as it was committed: each is decoded, turned upright, converted to sRGB and
written anew with nothing but its pixels, in a few widths for ``srcset``. A file
whose header promises more pixels than ``MAX_PIXELS`` (a decompression bomb, or a
photo too large to be worth sending) is refused before it is decoded.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, ImageOps

#: A hundred million pixels: above any phone camera in use; a larger file is refused.
MAX_PIXELS = 100_000_000
#: Bytes of one photo file in data/media/.
MAX_BYTES = 40 * 1024 * 1024
#: Widths published for ``srcset``; the largest is what a wide screen needs.
WIDTHS = (480, 960, 1600)
#: The width a page's ``src`` names (browsers without ``srcset`` support, previews).
DEFAULT_WIDTH = 960

# Pillow's own guard (a warning, then an error at twice the limit) stays on as a
# second line behind ours; truncated files are errors, never half-grey pictures.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

_OUTPUT = {"JPEG": ("JPEG", ".jpg"), "MPO": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "GIF": ("PNG", ".png"),
           "WEBP": ("WEBP", ".webp")}


class PhotoError(Exception):
    """A photo that cannot be published; ``message`` and ``hint`` are for editors."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    suffix: str  # ".jpg", ".png" or ".webp"
    data: bytes


def _open(path: Path) -> Image.Image:
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise PhotoError(f"照片文件有 {size / 1024 / 1024:.0f} MB，超过上限 {MAX_BYTES // 1024 // 1024} MB",
                         "用看图软件把照片缩小（宽 4000 像素以内足够）后重新保存")
    try:
        with warnings.catch_warnings():
            # Between MAX_PIXELS and twice that Pillow only warns: the check below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError:
        raise _too_large(None) from None
    except Exception:  # Pillow raises several kinds for files it cannot read
        raise PhotoError("无法读取：文件损坏或不是图片", "用看图软件打开确认后，重新导出为 JPG 或 PNG") from None
    if image.format not in _OUTPUT:
        image.close()
        raise PhotoError(f"图片格式 {image.format} 不受支持", "导出为 JPG 或 PNG")
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise _too_large((width, height))
    return image


def _too_large(size) -> PhotoError:
    shown = f"{size[0]}×{size[1]} 像素" if size else "像素过多"
    return PhotoError(f"照片尺寸 {shown}，超过上限 {MAX_PIXELS // 1_000_000} 百万像素（可能是恶意构造的文件）",
                      "用看图软件把照片缩小（宽 4000 像素以内足够）后重新保存")


def inspect(path: Path) -> tuple[int, int]:
    """The photo's size as published (upright), after decoding it once: raises PhotoError."""
    with _open(path) as image:
        width, height = image.size
        try:
            orientation = image.getexif().get(0x0112, 1)
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (width // 8 or 1, height // 8 or 1))  # the whole stream, an eighth of the pixels
            image.load()
        except Exception:
            raise PhotoError("无法读取：文件不完整或已损坏", "用看图软件打开确认后，重新导出为 JPG 或 PNG") from None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def widths_for(width: int) -> tuple[int, ...]:
    """The widths published for a photo ``width`` pixels wide (never wider than it)."""
    smaller = tuple(w for w in WIDTHS if w < width)
    return smaller + ((min(width, WIDTHS[-1]),) if min(width, WIDTHS[-1]) not in smaller else ())


def renditions(path: Path) -> list[Rendition]:
    """The photo in each published width, re-encoded with no metadata at all. Raises PhotoError."""
    with _open(path) as source:
        fmt, suffix = _OUTPUT[source.format]
        try:
            if source.format in ("JPEG", "MPO"):
                source.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))  # decode no more than the largest size needs
            image = ImageOps.exif_transpose(source)  # upright, as the camera meant
            image = _srgb(image)
        except Exception:
            raise PhotoError("无法读取：文件不完整或已损坏", "用看图软件打开确认后，重新导出为 JPG 或 PNG") from None
    image = _mode_for(image, fmt)
    out = []
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        sized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        sized.info = {}  # nothing of the source's metadata travels with the pixels
        buffer = io.BytesIO()
        if fmt == "JPEG":
            sized.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        elif fmt == "PNG":
            sized.save(buffer, "PNG", optimize=True)
        else:
            sized.save(buffer, "WEBP", quality=80, method=4)
        out.append(Rendition(width, height, suffix, buffer.getvalue()))
    return out


def _srgb(image: Image.Image) -> Image.Image:
    """The pixels converted to sRGB when the photo carries another colour profile (then dropped)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=mode)
    except Exception:  # a broken or unsupported profile: the pixels as they are
        return image


def _mode_for(image: Image.Image, fmt: str) -> Image.Image:
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    return image.convert("RGBA" if "transparency" in image.info or image.mode in ("P", "PA") else "RGB")
