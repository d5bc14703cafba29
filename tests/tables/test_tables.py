"""Tables read well in both formats (issue 16): widths, alignment, cells that stay text, merged row labels.

Every check reads the outputs as a reader's tools do: the Typst PDF's tag
tree and word boxes (poppler), the DOCX's XML (python-docx), and LibreOffice's
rendering of the DOCX, which is what a Word user sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from reading import (
    cell_alignments, docx_table, docx_words, grid_widths, letters, pdf_words, tagged_cells, tagged_count,
)

from conftest import build_valid_with_chapter_text, libreoffice_pdf, pdf_text, requires_libreoffice, requires_poppler

pytestmark = requires_poppler

#: tables an author writes: short pipe tables, dashes that size columns, a grid table with spans, row groups
TABLES = """

## Tabulky

| Období | Obsah | Počet hodin |
|---|---|---|
| 1. období | zaškolení na pracovišti a seznámení s vnitřními předpisy úřadu, se spisovou službou a s informačním systémem, s pravidly ochrany osobních údajů a s místní sítí sociálních služeb | 58 |
| 2. až 4. týden | náslechy při jednáních a šetřeních v rodinách | 4217 |

: Obsah zaškolení po obdobích {#tab:obdobi}

| Krok | Popis |
|------|------------------------------|
| první | druhý |

: Šířky podle pomlček {#tab:pomlcky}

+----------------+----------+----------+
| Aktivita       | Údaj     | Počet    |
+================+==========+==========+
| KA1 Supervize  | události | 4        |
|                +----------+----------+
|                | hodiny   | 12       |
+----------------+----------+----------+
| Celkem za obě aktivity    | 16       |
+---------------------------+----------+

: Mřížka se sloučenými buňkami {#tab:mrizka}

| Aktivita | Údaj | Počet |
|---|---|---|
| KA2 Vzdělávání | události | 5 |
| | hodiny | 33 |

: Skupiny řádků {#tab:skupiny .row-groups}

| Znaménko | Význam |
|---|---|
| = 5 | rovná se |
| + 3 | přičíst |
| - 2 | odečíst |
| / ano: ne | lomítko |

: Buňky začínající znaménkem {#tab:znamenka}

Novela platí od začátku roku.[^ucinnost]

[^ucinnost]: 1\\. ledna nabyla účinnosti.
"""


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the output folder of the valid project built with a chapter of the tables above."""
    return build_valid_with_chapter_text(tmp_path_factory.mktemp("tables") / "project", TABLES) / "output" / "metodika"


def _sample_outputs(sample: Path) -> dict[str, Path]:
    """Return the sample's methodology, final report and one office's standards (DOCX paths, PDF beside each)."""
    output = sample / "output"
    return {
        "metodika": output / "metodika-socialni-prace" / "metodika-socialni-prace.docx",
        "zaverecna": output / "zpravy-projektu-lipova" / "zpravy-projektu-lipova-zaverecna-zprava.docx",
        "standardy": output / "standardy-ospod-lipova" / "standardy-ospod-lipova.docx",
    }


@pytest.fixture(scope="module")
def sample(built_sample: Path) -> dict[str, Path]:
    """Return the sample documents users judge tables by."""
    return _sample_outputs(built_sample)


# --- cells that start like a list stay text ------------------------------------------------------


def test_cells_starting_with_a_number_and_dot_stay_text_in_the_pdf(cases: Path, sample: dict[str, Path]) -> None:
    pdfs = [cases / "metodika.pdf", *(docx.with_suffix(".pdf") for docx in sample.values())]
    for pdf in pdfs:
        cells = tagged_cells(pdf)
        assert cells, pdf
        # Text only: no list, term list or heading made of a cell's first characters.
        structured = [(cell.text, cell.inner_tags) for cell in cells if set(cell.inner_tags) - {"Span", "Link"}]
        assert structured == [], f"{pdf.name}: cells that are more than text: {structured}"
    texts = {cell.text for cell in tagged_cells(cases / "metodika.pdf")}
    assert {"1. období", "2. až 4. týden", "= 5", "+ 3", "- 2", "/ ano: ne"} <= texts
    # The adaptation plan of the sample methodology and the report's period headers.
    assert "2. až 4. týden" in {cell.text for cell in tagged_cells(sample["metodika"].with_suffix(".pdf"))}
    assert "1. období" in {cell.text for cell in tagged_cells(sample["zaverecna"].with_suffix(".pdf"))}


def test_lists_are_the_same_in_both_formats(cases: Path) -> None:
    """A footnote starting ``1. ledna`` is no list either: the PDF has as many list items as the DOCX."""
    body = Document(str(cases / "metodika.docx")).element.body
    numbers = [number.get(qn("w:val")) for number in body.iter(qn("w:numId"))]
    docx_items = sum(1 for number in numbers if number != "0")  # 0: an unnumbered heading
    assert docx_items > 0
    assert tagged_count(cases / "metodika.pdf", "LI") == docx_items
    lines = [line for line in pdf_text(cases / "metodika.pdf").splitlines() if "ledna nabyla" in line]
    assert len(lines) == 1 and "1. ledna nabyla účinnosti." in lines[0]


# --- widths and alignment --------------------------------------------------------------------------


def test_columns_nobody_sized_are_sized_by_their_text(cases: Path) -> None:
    table = docx_table(cases / "metodika.docx", "Obsah zaškolení po obdobích")
    period, content, hours = grid_widths(table)
    assert content > period > hours
    assert cell_alignments(table, 1) == ["left", "left", "right"]
    assert cell_alignments(table, 0) == ["left", "left", "right"]


def test_word_justifies_and_hyphenates_no_cell(sample: dict[str, Path]) -> None:
    """Every DOCX cell is aligned left or right, and Word hyphenates none (no automatic hyphenation there)."""
    for docx in sample.values():
        document = Document(str(docx))
        hyphenated = document.settings.element.find(qn("w:autoHyphenation")) is not None
        for table in document.element.body.iter(qn("w:tbl")):
            for paragraph in table.iter(qn("w:p")):
                properties = paragraph.find(qn("w:pPr"))
                if properties is None or not "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip():
                    continue  # an empty cell (a merged one's continuation) has nothing to align
                jc = properties.find(qn("w:jc"))
                assert jc is not None and jc.get(qn("w:val")) in {"left", "right", "center"}, docx.name
                assert not hyphenated or properties.find(qn("w:suppressAutoHyphens")) is not None, docx.name


def test_dashes_of_a_pipe_table_give_its_widths(cases: Path) -> None:
    step, description = grid_widths(docx_table(cases / "metodika.docx", "Šířky podle pomlček"))
    assert step / (step + description) == pytest.approx(6 / 36, abs=0.01)
    words = {word.text: word for word in pdf_words(cases / "metodika.pdf")}
    # 160 mm of text width in the PDF: the second column starts a sixth of the way across.
    offset = words["Popis"].left - words["Krok"].left
    assert offset / (160 / 25.4 * 72) == pytest.approx(6 / 36, abs=0.02)


def test_numbers_are_right_aligned_in_the_pdf(cases: Path) -> None:
    words = {word.text: word for word in pdf_words(cases / "metodika.pdf")}
    assert words["58"].right == pytest.approx(words["4217"].right, abs=0.5)
    assert words["1."].left == pytest.approx(words["2."].left, abs=0.5)


# --- merged cells ----------------------------------------------------------------------------------


def _merges(table) -> tuple[list[str], list[str]]:
    """Return the vMerge values and the gridSpan values of a DOCX table's cells."""
    vertical = [merge.get(qn("w:val")) or "continue" for merge in table.iter(qn("w:vMerge"))]
    across = [span.get(qn("w:val")) for span in table.iter(qn("w:gridSpan")) if span.get(qn("w:val")) != "1"]
    return vertical, across


def test_grid_table_spans_reach_both_formats(cases: Path) -> None:
    vertical, across = _merges(docx_table(cases / "metodika.docx", "Mřížka se sloučenými buňkami"))
    assert vertical == ["restart", "continue"]
    assert across == ["2"]
    cells = {cell.text: cell for cell in tagged_cells(cases / "metodika.pdf")}
    assert "/RowSpan 2" in cells["KA1 Supervize"].attributes
    assert "/ColSpan 2" in cells["Celkem za obě aktivity"].attributes


def test_row_groups_merge_an_empty_first_cell_into_the_label_above(cases: Path) -> None:
    vertical, _ = _merges(docx_table(cases / "metodika.docx", "Skupiny řádků"))
    assert vertical == ["restart", "continue"]
    cells = {cell.text: cell for cell in tagged_cells(cases / "metodika.pdf")}
    assert "/RowSpan 2" in cells["KA2 Vzdělávání"].attributes


def test_report_activity_labels_span_their_rows_and_the_text_column_is_widest(sample: dict[str, Path]) -> None:
    table = docx_table(sample["zaverecna"], "Události a hodiny podle klíčových aktivit")
    widths = grid_widths(table)
    assert len(widths) == 7
    assert widths[0] > 2 * max(widths[2:])
    vertical, _ = _merges(table)
    assert vertical.count("restart") == 3 and vertical.count("continue") == 3
    assert cell_alignments(table, 1)[1:] == ["left"] + ["right"] * 5
    cells = tagged_cells(sample["zaverecna"].with_suffix(".pdf"))
    spanning = [cell.text for cell in cells if "/RowSpan 2" in cell.attributes]
    assert [text.split()[0] for text in spanning] == ["KA1", "KA2", "KA3"]


def test_standards_number_spans_its_criteria(sample: dict[str, Path]) -> None:
    cells = tagged_cells(sample["standardy"].with_suffix(".pdf"))
    criteria = [cell.text for cell in cells if re.fullmatch(r"2[a-z]", cell.text)]
    spanning = [cell for cell in cells if cell.text == "2" and f"/RowSpan {len(criteria)}" in cell.attributes]
    assert len(criteria) > 1 and len(spanning) == 1
    vertical, _ = _merges(docx_table(sample["standardy"], "Pokrytí kritérií texty úřadu"))
    assert vertical.count("continue") == len(vertical) - vertical.count("restart") > 0


# --- no justified gaps, no word broken inside a cell ------------------------------------------------


def test_wrapped_cell_lines_are_ragged_not_justified_in_the_pdf(cases: Path) -> None:
    """A cell's lines are left-aligned: its wrapped lines end where their words end, not all at the right edge."""
    words = pdf_words(cases / "metodika.pdf")
    start = next(index for index, word in enumerate(words) if word.text == "pracovišti") - 2
    end = next(index for index in range(start, len(words)) if words[index].text == "služeb")
    cell = words[start : end + 1]  # zaškolení na pracovišti … a s místní sítí sociálních služeb
    tops = sorted({word.top for word in cell})
    assert len(tops) >= 3, "the cell should wrap twice"
    ends = [max(word.right for word in cell if word.top == top) for top in tops[:-1]]
    assert max(ends) - min(ends) > 1


def test_typst_cells_break_lines_only_between_words(cases: Path, sample: dict[str, Path]) -> None:
    """Every word in a PDF cell is a word of the document: none is hyphenated or cut ("konferen-ce", "Celke-m")."""
    for docx in [cases / "metodika.docx", *sample.values()]:
        known = docx_words(docx)
        for cell in tagged_cells(docx.with_suffix(".pdf")):
            for piece in cell.pieces:
                cut = letters(piece) - known
                assert not cut, f"{docx.with_suffix('.pdf').name}: {cell.text!r} breaks {cut}"


@requires_libreoffice
def test_word_cells_break_lines_only_between_words(sample: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice lays out every DOCX table with whole words: no column narrower than its longest word."""
    for docx in sample.values():
        rendered = libreoffice_pdf(docx, tmp_path)
        printed = letters(" ".join(word.text for word in pdf_words(rendered)))
        assert printed - docx_words(docx) == set(), f"{docx.name}: words LibreOffice cut"
