"""What kind of file an upload really is, judged by its first bytes (its signature, or "magic number").

The file's name and the content type the browser sends are both chosen by the sender, so neither is trusted: an
executable renamed to report.pdf starts with "MZ" or "\\x7fELF", not "%PDF-".
"""

from __future__ import annotations

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

# The first bytes each allowed type must start with. PDF readers accept "%PDF-" a little way into the file; the
# stricter rule here refuses files that hide something in front of it.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
# Enough bytes to tell the allowed types apart.
SIGNATURE_LENGTH = max(len(signature) for signature, _ in _SIGNATURES)
ALLOWED_TYPES = frozenset(kind for _, kind in _SIGNATURES)
DESCRIPTIONS = {PDF: "PDF", PNG: "PNG image", JPEG: "JPEG image"}


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a file that starts with `head`, if it is one of the allowed types; None otherwise."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def size_label(size: int) -> str:
    """A file size for people: '850 KB', '2.4 MB'. Sizes are in units of 1024, as file managers show them."""
    if size < 0:
        raise ValueError("A file size cannot be negative.")
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
