from __future__ import annotations

import pytest

from lib.uploads import JPEG, PDF, PNG, SIGNATURE_LENGTH, size_label, sniff_content_type


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"\xff\xd8\xff\xe1\x00\x10Exif", JPEG),
    ],
)
def test_allowed_types_are_recognised_by_their_first_bytes(head, expected):
    assert sniff_content_type(head[:SIGNATURE_LENGTH]) == expected


@pytest.mark.parametrize(
    "head",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # Windows executable
        b"\x7fELF\x02\x01\x01\x00",  # Linux executable
        b"PK\x03\x04\x14\x00\x06\x00",  # Word document (zip)
        b"<html><script>",
        b"GIF89a\x01\x00",
        b" %PDF-1.4",  # something hidden in front of the signature
        b"\x89PNG\r\n",  # cut short
        b"",
    ],
)
def test_anything_else_is_not_recognised(head):
    assert sniff_content_type(head) is None


def test_size_label_uses_kilobytes_below_a_megabyte_and_one_decimal_above():
    assert size_label(0) == "1 KB"
    assert size_label(850 * 1024) == "850 KB"
    assert size_label(10 * 1024 * 1024) == "10.0 MB"
    assert size_label(int(2.45 * 1024 * 1024)) == "2.4 MB"


def test_size_label_refuses_a_negative_size():
    with pytest.raises(ValueError, match="negative"):
        size_label(-1)
