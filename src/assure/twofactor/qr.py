"""QR codes drawn here as inline SVG (segno: docs/adr/0011-two-factor-qr-codes-with-segno.md), so
an enrolment secret never leaves the service for an image service."""

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(data: str, *, title: str) -> SafeString:
    """An accessible ``<svg>`` element for ``data``; segno escapes the title it embeds."""
    code = segno.make(data, error="m")
    markup = code.svg_inline(scale=5, border=4, title=title, dark="#0b0c0c", light="#ffffff")
    return mark_safe(markup.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308
