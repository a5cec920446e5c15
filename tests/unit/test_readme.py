"""The README renders as meant: its tables are whole, and the configuration table names every
setting the server reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def _tables(text: str) -> list[list[str]]:
    """Runs of lines starting with `|`, outside code fences."""
    tables: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append(line)
            continue
        if current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_every_table_starts_with_a_header_row() -> None:
    # Markdown renders `|` lines without a header and a separator row (for one, rows cut off
    # from their table by a blank line) as raw text.
    for document in DOCUMENTS:
        for table in _tables(document.read_text(encoding="utf-8")):
            assert len(table) >= 2 and SEPARATOR.match(table[1]), f"{document.name}: not a table: {table[0]}"


def test_configuration_table_names_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(_tables(section)[0])
    read = set(re.findall(r'"(CUIC_[A-Z_]+)"', (ROOT / "db" / "config.py").read_text(encoding="utf-8")))
    assert read, "db/config.py reads no CUIC_ variable: this test is out of date"
    assert sorted(name for name in read if f"`{name}`" not in table) == []
