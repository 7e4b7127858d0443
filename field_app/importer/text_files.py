"""Text tables (.csv, .txt): the encoding found, the delimiter sniffed, rows streamed.

Offices send CSV in UTF-8 (with or without Excel's byte-order mark), Excel's
"Unicode Text" (UTF-16 with a BOM, tab-separated) and Windows-1258, the Vietnamese
ANSI code page, which writes tone marks as separate combining characters: cells are
normalised to NFC so "Lạng Sơn" is one spelling whatever the source. A file whose
Vietnamese letters were already replaced by "?" (saved once in a code page without
them) is refused: the letters cannot be recovered.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from field_app.i18n import _
from field_app.importer.report import ImportFileError
from field_app.importer.sources import Rows, Sheet, Source

SAMPLE_BYTES = 256 * 1024
FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters: a cell longer is a broken file
DELIMITERS = (",", ";", "\t", "|")
# A letter next to "?" inside a word: "H?p t?c x?" is what Vietnamese saved in a code
# page without its letters looks like.
_DAMAGED = re.compile(r"[^\W\d_]\?+[^\W\d_]|[^\W\d_]\?+(?=[\s,;\t\"]|$)", re.MULTILINE)
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")


def detect_encoding(head: bytes) -> str:
    """The encoding of a text file from its first bytes: BOM, else UTF-8, else cp1258."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1::2].count(0) > len(head) * 0.4:
        return "utf-16-le"  # UTF-16 without a BOM: every other byte of Latin text is 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter most lines share the same non-zero count of (Excel pads rows, so
    title lines carry the same count; a lone name with a comma does not tip it)."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines if line.strip())
        counts.pop(0, None)
        if not counts:
            continue
        mode, lines_with_mode = counts.most_common(1)[0]
        score = lines_with_mode * 1000 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _check_not_damaged(path: Path, text: str) -> None:
    damaged = _DAMAGED.findall(text)
    if len(damaged) >= 3 and len(_NON_ASCII_LETTER.findall(text)) < len(damaged):
        sample = ", ".join(dict.fromkeys(d.strip() for d in damaged[:4]))
        raise ImportFileError(
            _(
                "{path}: the Vietnamese letters of this file were already lost ('{sample}': "
                "'?' stands where letters were), so it cannot be imported; open the original "
                "in Excel and save it again as 'CSV UTF-8' or .xlsx"
            ).format(path=path, sample=sample)
        )


def open_text(path: Path) -> Source:
    """The one table of a text file, read in the encoding found."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if not head.strip():
        raise ImportFileError(_("{path}: the file is empty").format(path=path))
    encoding = detect_encoding(head)
    if b"\x00" in head and not encoding.startswith("utf-16"):
        raise ImportFileError(_("{path}: this is not a CSV text file").format(path=path))
    sample = head.decode(encoding, errors="ignore")
    _check_not_damaged(path, sample)
    lines = sample.splitlines()[:60]
    delimiter = sniff_delimiter(lines[:-1] if len(lines) > 1 else lines)
    compose = encoding == "cp1258"  # the code page writes tones as combining marks

    def rows() -> Rows:
        with path.open(encoding=encoding, newline="", errors="strict") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            number = 0
            try:
                for cells in reader:
                    # Excel shows one row per record, even when a quoted cell holds a
                    # line break, so the row number counts records, not lines.
                    number += 1
                    yield number, _normalise(cells) if compose else cells
            except csv.Error as exc:
                raise ImportFileError(
                    _(
                        "{path}, row {row}: a cell is longer than {limit} characters or a "
                        "quote is not closed; check that row in a spreadsheet"
                    ).format(path=path, row=number + 1, limit=f"{FIELD_LIMIT:,}")
                ) from exc
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    _(
                        "{path}, row {row}: text that is not valid {encoding}; save the file "
                        "again as 'CSV UTF-8'"
                    ).format(path=path, row=number + 1, encoding=encoding)
                ) from exc

    names = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16"}
    return Source(
        [Sheet(path.name, rows)],
        encoding=names.get(encoding, "Windows-1258"),
    )


def _normalise(cells: list[Any]) -> list[Any]:
    return [unicodedata.normalize("NFC", c) if not c.isascii() else c for c in cells]
