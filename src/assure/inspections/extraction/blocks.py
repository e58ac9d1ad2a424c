"""Stage 2: join wrapped lines into blocks (one bullet or paragraph each)."""

from __future__ import annotations

from dataclasses import dataclass

from .classify import Line, LineKind


@dataclass(slots=True)
class Block:
    """A bullet with its wrapped continuation lines, a paragraph, or a heading."""

    kind: LineKind
    text: str
    line: Line


def _join_wrapped(first: str, second: str) -> str:
    """Join a line wrapped by a PDF; "multi-" + "agency" keeps its hyphen, no space."""
    if len(first) > 1 and first.endswith("-") and first[-2].isalpha():
        return first + second
    return f"{first} {second}"


def join_blocks(lines: list[Line]) -> list[Block]:
    """Join wrapped lines: text directly under an item or paragraph continues it."""
    blocks: list[Block] = []
    open_block: Block | None = None
    for line in lines:
        if line.kind == "blank":
            open_block = None
            continue
        if line.kind == "text" and open_block is not None:
            open_block.text = _join_wrapped(open_block.text, line.text)
            continue
        block = Block(line.kind, line.text, line)
        blocks.append(block)
        open_block = block if line.kind in ("item", "text") else None
    return blocks
