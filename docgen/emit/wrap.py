"""Long lines of formatted generated code made short where a break is possible.

ruff's formatter never splits a string, so descriptions taken from the docs made lines of
hundreds of characters. :func:`wrap_long_strings` rewrites, in formatted code, every string
literal on a line over :data:`LIMIT` characters as an implicit concatenation of pieces cut
at spaces (in parentheses; a docstring's long lines are re-flowed instead); the file is then
formatted again. What cannot be cut (one word longer than the line, an f-string, a
``Literal[...]`` value) is left as it is.
"""

from __future__ import annotations

import ast
import bisect
import io
import textwrap
import tokenize

from docgen.emit.imports import STRINGS_AND_COMMENTS

LIMIT = 100


def _pieces(value: str, width: int) -> list[str]:
    """``value`` cut after spaces into pieces of at most ``width`` characters (as written in
    source: each piece's ``repr``), none empty; a longer word stays whole."""
    words = value.split(" ")
    pieces: list[str] = []
    current = ""
    for i, word in enumerate(words):
        part = word + (" " if i < len(words) - 1 else "")
        if current and len(repr(current + part)) > width:
            pieces.append(current)
            current = part
        else:
            current += part
    if current:
        pieces.append(current)
    return pieces


def _docstring(token: tokenize.TokenInfo, value: str) -> str | None:
    """A triple-quoted docstring token with its long lines re-flowed (same indentation)."""
    indent = " " * token.start[1]
    out: list[str] = []
    changed = False
    for line in token.string.split("\n"):
        if len(line) <= LIMIT:
            out.append(line)
            continue
        stripped = line.lstrip()
        lead = line[: len(line) - len(stripped)] or indent
        wrapped = textwrap.wrap(
            stripped, LIMIT - len(lead), break_long_words=False, break_on_hyphens=False
        )
        if len(wrapped) > 1:
            changed = True
            out.extend(lead + w for w in wrapped)
        else:
            out.append(line)
    return "\n".join(out) if changed else None


def _statement_tokens(
    source: str, lines: list[str], long: list[int]
) -> list[tokenize.TokenInfo] | None:
    """The tokens of the logical lines that hold the long lines, each logical line
    tokenized on its own (positions in ``source``), or None when the source continues a
    line with a backslash (then the whole source is tokenized).

    Python's tokenizer costs ~1 us a token, and a big records.py has a few long lines in
    100,000 tokens. A logical line starts on a line that begins outside any string and
    bracket: strings and comments are found by one regular expression (the engine's scan,
    :data:`~docgen.emit.imports.STRINGS_AND_COMMENTS`), brackets counted on what is left.
    A logical line's tokens are the same alone as in the whole source; the three tokens
    before a string that :func:`wrap_long_strings` looks at are inside the same logical
    line, or before it, where no ``[`` can be the last operator (a statement never ends
    with one)."""
    # each string or comment cut out; a line that starts inside a string starts with NUL
    masked = STRINGS_AND_COMMENTS.sub(lambda m: "\n\x00" * m.group().count("\n"), source)
    starts: list[int] = []  # 1-based numbers of the lines a logical line starts on
    depth = 0
    for number, line in enumerate(masked.split("\n"), 1):
        if depth <= 0 and not line.startswith("\x00"):
            starts.append(number)
        depth += line.count("(") + line.count("[") + line.count("{")
        depth -= line.count(")") + line.count("]") + line.count("}")
        if line.rstrip().endswith("\\"):
            return None
    windows: dict[int, int] = {}
    for n in long:
        i = bisect.bisect_right(starts, n) - 1
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        windows[starts[i]] = end
    tokens: list[tokenize.TokenInfo] = []
    for start, end in sorted(windows.items()):
        snippet = "\n".join(lines[start - 1 : end]) + "\n"
        shift = start - 1
        try:
            for t in tokenize.generate_tokens(io.StringIO(snippet).readline):
                if t.type == tokenize.STRING or t.type == tokenize.OP:
                    (r1, c1), (r2, c2) = t.start, t.end
                    t = t._replace(start=(r1 + shift, c1), end=(r2 + shift, c2))
                tokens.append(t)
        except (tokenize.TokenError, SyntaxError):
            return None
    return tokens


def wrap_long_strings(source: str) -> str:
    """``source`` (formatted Python) with the strings of its too-long lines cut in pieces."""
    lines = source.split("\n")
    long = [n for n, line in enumerate(lines, 1) if len(line) > LIMIT]
    if not long:
        return source
    tokens = _statement_tokens(source, lines, long)
    if tokens is None:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        first, last = token.start[0], token.end[0]
        if all(len(lines[n - 1]) <= LIMIT for n in range(first, last + 1)):
            continue
        prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
        if prefix.lower() not in ("", "u"):
            continue  # f-strings, bytes, raw strings: left whole
        previous = [t for t in tokens[max(0, i - 3) : i] if t.type == tokenize.OP]
        if previous and previous[-1].string == "[":
            continue  # a Literal["..."] value or an index: left whole
        value = ast.literal_eval(token.string)
        if not isinstance(value, str):
            continue
        if token.string.startswith(('"""', "'''")):
            text = _docstring(token, value)
        else:
            width = max(40, LIMIT - token.start[1] - 8)
            parts = _pieces(value, width)
            text = None if len(parts) < 2 else "(" + " ".join(repr(p) for p in parts) + ")"
        if text is not None:
            edits.append((token.start, token.end, text))
    for start, end, text in reversed(edits):
        (r1, c1), (r2, c2) = start, end
        head, tail = lines[r1 - 1][:c1], lines[r2 - 1][c2:]
        lines[r1 - 1 : r2] = (head + text + tail).split("\n")
    return "\n".join(lines)
