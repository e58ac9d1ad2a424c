"""Text that is safe to open in a spreadsheet."""

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection): a title
# typed as =HYPERLINK(...) must arrive as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(text: str) -> str:
    """The text, with a leading apostrophe where a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
