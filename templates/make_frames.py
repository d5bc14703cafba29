"""Regenerate the Word frames (``<kind>/frame.docx``) and the EU emblem.

The committed ``frame.docx`` is what designers restyle in Word; this script is
how it was first made (from pandoc's default reference document, so every style
pandoc writes exists). Run it only to start over, for every kind or the kinds named:

    .venv/bin/python templates/make_frames.py [minimum-standard …]
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import typst
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from pipeline.pandoc import pandoc_path

HERE = Path(__file__).parent
EMBLEM = HERE / "common" / "eu-emblem.png"
DARK_BLUE = RGBColor(0x1F, 0x3A, 0x60)


def default_reference() -> Document:
    """Return pandoc's own reference.docx, which defines every style pandoc uses."""
    data = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    return Document(io.BytesIO(data))


def set_language(document: Document) -> None:
    """Make cs-CZ the language of every run by default (spell-check, hyphenation, screen readers)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "cs-CZ")


def style_text(document: Document) -> None:
    """Set the fonts and headings of a ministry-style methodology."""
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        font = styles[name].font
        font.name, font.size = "Calibri", Pt(11)
    for level, size in ((1, 18), (2, 14), (3, 12)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.color.rgb = "Calibri", Pt(size), DARK_BLUE
        style.font.bold = True
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.space_after = Pt(6)
    # Chapters start on a new page, as printed methodologies do.
    styles["Heading 1"].paragraph_format.page_break_before = True
    for name, size in (("Title", 28), ("Subtitle", 16)):
        styles[name].font.name, styles[name].font.size, styles[name].font.color.rgb = "Calibri", Pt(size), DARK_BLUE
    for level in (1, 2, 3):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        # Word's built-in contents styles: id TOC1…, not marked custom.
        toc.style_id = f"TOC{level}"
        toc.element.attrib.pop(qn("w:customStyle"), None)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Mm(5 * (level - 1))
        toc.paragraph_format.space_after = Pt(3)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(160), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    for name, size, bold in (("Cover Organisation", 14, True), ("Cover Details", 11, False), ("Publicity", 9, False)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size, style.font.bold = Pt(size), bold
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figures = styles.add_style("table of figures", WD_STYLE_TYPE.PARAGRAPH)
    figures.style_id = "TableofFigures"
    figures.element.attrib.pop(qn("w:customStyle"), None)
    figures.base_style = styles["Normal"]
    figures.paragraph_format.space_after = Pt(3)
    figures.paragraph_format.tab_stops.add_tab_stop(Mm(160), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    imprint = styles.add_style("Imprint", WD_STYLE_TYPE.PARAGRAPH)
    imprint.base_style = styles["Normal"]
    imprint.font.size = Pt(9)
    imprint.paragraph_format.space_after = Pt(2)


# Calibri: every Word has it, and LibreOffice lays it out with Carlito, its
# metric-compatible twin (fonts-crosextra-carlito), so the page numbers the
# layout pass writes into the contents hold in Word too (issue 16). Pandoc's
# reference names Aptos, which LibreOffice lacks and replaces with DejaVu Sans.
PORTABLE_FONT = "Calibri"
PORTABLE_FONT_PANOSE = "020F0502020204030204"
THEME_FONT_PATH = "{{{a}}}themeElements/{{{a}}}fontScheme/{{{a}}}{scheme}/{{{a}}}latin"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def use_portable_fonts(document: Document) -> None:
    """Make Calibri the theme's heading and body font, and drop the Aptos fonts from the font table."""
    from lxml import etree

    parts = {rel.reltype: rel.target_part for rel in document.part.rels.values() if not rel.is_external}
    theme_part = parts[RT.THEME]
    theme = etree.fromstring(theme_part.blob)
    for scheme in ("majorFont", "minorFont"):
        latin = theme.find(THEME_FONT_PATH.format(a=DRAWING_NS, scheme=scheme))
        latin.set("typeface", PORTABLE_FONT)
        latin.set("panose", PORTABLE_FONT_PANOSE)
    # Theme and font table are plain parts to python-docx: their bytes are all it keeps of them.
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    font_part = parts[RT.FONT_TABLE]
    fonts = etree.fromstring(font_part.blob)
    for font in fonts.findall(qn("w:font")):
        if font.get(qn("w:name")).startswith("Aptos"):
            fonts.remove(font)
    font_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


# Word's own definition of the default table style, which pandoc's "Table" style is based on.
TABLE_NORMAL = (
    f'<w:style {nsdecls("w")} w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
)


def define_referenced_styles(document: Document) -> None:
    """Define the styles the frame uses but pandoc's reference lacks: Header, Footer and TableNormal.

    A style named in a document but not defined in ``styles.xml`` is a broken
    reference to schema validators (issue 16), and LibreOffice then formats
    the header with the defaults instead of Normal.
    """
    styles = document.styles
    for name in ("Header", "Footer"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        # python-docx's header and footer parts name the id "Header"; pandoc derives a style's id from its
        # name when it copies the styles, so the name is capitalised too (Word's "header" otherwise).
        style.style_id = style.element.name_val = name
        style.element.attrib.pop(qn("w:customStyle"), None)  # Word's built-in styles, not custom ones
        style.base_style = styles["Normal"]
        style.paragraph_format.space_after = Pt(0)
        tabs = style.paragraph_format.tab_stops
        tabs.add_tab_stop(Mm(80), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Mm(160), WD_TAB_ALIGNMENT.RIGHT)
    styles.element.append(parse_xml(TABLE_NORMAL))


HEADING_NUMBERING_ID = 90  # below the 1000+ ids pandoc gives its own lists


def number_headings(document: Document) -> None:
    """Number Heading 1–3 as 1, 1.1, 1.1.1 with Word list numbering, so REF fields can cite them."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        # A tab after the number up to the hanging indent (w:suff, after w:pStyle as CT_Lvl orders it): Word's
        # default when absent, spelled out so no reader of the file sets "12.1Zákon" (issue 16).
        f'<w:pStyle w:val="Heading{level + 1}"/><w:suff w:val="tab"/>'
        f'<w:lvlText w:val="{".".join(f"%{i + 1}" for i in range(level + 1))}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{567 + 142 * level}" w:hanging="{567 + 142 * level}"/></w:pPr></w:lvl>'
        for level in range(3)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{HEADING_NUMBERING_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{HEADING_NUMBERING_ID}"><w:abstractNumId w:val="{HEADING_NUMBERING_ID}"/></w:num>'
    ))
    # "TOC Heading" is based on Heading 1 in pandoc's reference: keep it unnumbered
    # (numId 0 removes inherited numbering, ISO/IEC 29500-1 §17.9.19).
    _set_numbering(document.styles["TOC Heading"], level=0, num_id=0)
    for level in range(3):
        _set_numbering(document.styles[f"Heading {level + 1}"], level=level, num_id=HEADING_NUMBERING_ID)


def _set_numbering(style, level: int, num_id: int) -> None:
    """Give ``style`` the numbering ``num_id`` at ``level``, where the schema's CT_PPrBase sequence puts it.

    python-docx inserts ``w:numPr`` after ``w:keepNext``/``w:pageBreakBefore``
    and before ``w:spacing``; a numPr put first makes the styles invalid (issue 16).
    """
    numbering = style.element.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


def set_page(document: Document) -> None:
    """A4 with 25 mm margins; the first (cover) page has no header or footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    section.different_first_page_header_footer = True
    # Define the first-page header and footer explicitly (empty): some readers
    # would otherwise fall back to the default ones on the cover.
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = "{{ dokument.nazev }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1")


def add_field(paragraph, instruction: str, shown: str) -> None:
    """Append a Word field (``PAGE``, ``TOC …``) with its shown value to ``paragraph``."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def start_cover(document: Document, publisher: list[str], space: int) -> None:
    """Empty the reference body and write who publishes, then the title and subtitle."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph(publisher[0], style="Cover Organisation")
    for line in publisher[1:]:
        document.add_paragraph(line, style="Cover Details")
    for _ in range(space):
        document.add_paragraph("", style="Cover Details")
    document.add_paragraph("{{ dokument.nazev }}", style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{%p if dokument.podnazev %}", style="Cover Details")
    document.add_paragraph("{{ dokument.podnazev }}", style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{%p endif %}", style="Cover Details")


def write_cover(document: Document) -> None:
    """Write the cover (with the publicity block) and the contents page as docxtpl tags."""
    start_cover(document, ["{{ organizace.nazev }}"], space=5)
    document.add_paragraph("", style="Cover Details")
    document.add_paragraph("{{ dokument.autori_text }}", style="Cover Details")
    document.add_paragraph("Verze {{ dokument.verze }}", style="Cover Details")
    document.add_paragraph("{{ dokument.misto }}, {{ dokument.datum_vydani }}", style="Cover Details")
    for _ in range(6):
        document.add_paragraph("", style="Cover Details")
    write_publicity(document)
    write_imprint(document)
    write_contents(document)


def write_contents(document: Document) -> None:
    """Write the contents page: its heading and a TOC field the build fills in."""
    document.add_paragraph("Obsah", style="TOC Heading")
    add_field(document.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "Obsah bude doplněn při sestavení.")


def write_publicity(document: Document) -> None:
    """Write the mandatory EU publicity block (DOMAIN.md: emblem, statement, project, number), then a page break."""
    document.add_paragraph("{%p if projekt %}", style="Publicity")
    emblem = document.add_paragraph(style="Publicity")
    emblem.add_run().add_picture(str(EMBLEM), height=Mm(18))
    doc_pr = emblem._p.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", "Vlajka Evropské unie: dvanáct zlatých hvězd v kruhu na modrém poli")
    doc_pr.set("name", "Znak EU")
    document.add_paragraph('{%p if projekt.publicita == "2014-2020" %}', style="Publicity")
    document.add_paragraph("Evropská unie – Evropský sociální fond – {{ projekt.program }}", style="Publicity")
    document.add_paragraph("{%p else %}", style="Publicity")
    document.add_paragraph("Spolufinancováno Evropskou unií", style="Publicity").runs[0].bold = True
    document.add_paragraph("{%p endif %}", style="Publicity")
    document.add_paragraph("Projekt {{ projekt.nazev }}", style="Publicity")
    document.add_paragraph("Registrační číslo projektu {{ projekt.registracni_cislo }}", style="Publicity")
    document.add_paragraph("{%p endif %}", style="Publicity")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# Optional lines of the tiráž: (condition, text); each becomes its own docxtpl block.
IMPRINT_LINES = [
    ("dokument.tiraz.recenzenti", "Recenzenti: {{ dokument.tiraz.recenzenti }}"),
    ("dokument.tiraz.redakce", "Redakce: {{ dokument.tiraz.redakce }}"),
    (None, "Vydal: {{ dokument.tiraz.vydavatel or organizace.nazev }}, "
           "{{ dokument.tiraz.adresa_vydavatele or organizace.adresa }}"),
    (None, "{{ dokument.misto }} {{ dokument.rok }}"),
    ("dokument.tiraz.vydani", "{{ dokument.tiraz.vydani }}"),
    ("dokument.tiraz.isbn", "ISBN {{ dokument.tiraz.isbn }}"),
    ("dokument.tiraz.licence", "Licence: {{ dokument.tiraz.licence }}"),
]


def write_imprint(document: Document) -> None:
    """Write the tiráž page (only when document.yaml has ``imprint``), then a page break.

    The imprint sits at the bottom of its page in a frame (``w:framePr``) anchored
    to the bottom margin, not pushed down by empty paragraphs: adjacent paragraphs
    with the same frame form one frame, however long the imprint grows.
    """
    document.add_paragraph("{%p if dokument.tiraz %}", style="Imprint")
    document.add_paragraph("{{ dokument.nazev }}", style="Imprint").runs[0].bold = True
    document.add_paragraph("Autoři: {{ dokument.autori_text }}", style="Imprint")
    for condition, text in IMPRINT_LINES:
        if condition:
            document.add_paragraph(f"{{%p if {condition} %}}", style="Imprint")
        document.add_paragraph(text, style="Imprint")
        if condition:
            document.add_paragraph("{%p endif %}", style="Imprint")
    document.add_paragraph("{%p if projekt %}", style="Imprint")
    document.add_paragraph(
        "Publikace vznikla v rámci projektu {{ projekt.nazev }} (registrační číslo {{ projekt.registracni_cislo }}), "
        "který je spolufinancován Evropskou unií. Program: {{ projekt.program }}.",
        style="Imprint",
    )
    document.add_paragraph("{%p endif %}", style="Imprint")
    # The page break and the closing tag stay outside the frame: they belong to the page's flow.
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("{%p endif %}")
    pin_imprint_to_bottom(document)


#: paragraph properties that precede ``w:framePr`` in ``w:pPr`` (CT_PPrBase's sequence)
BEFORE_FRAME = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore")


def pin_imprint_to_bottom(document: Document) -> None:
    """Give the Imprint style and each Imprint paragraph a frame at the bottom margin, as wide as the text.

    The style's frame is what Word shows for a new Imprint paragraph; LibreOffice
    (7.4) reads a frame only from a paragraph's own properties, so each carries it too.
    """
    section = document.sections[-1]
    width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips
    frame = (f'<w:framePr {nsdecls("w")} w:w="{width}" w:hAnchor="margin" w:vAnchor="margin" '
             'w:yAlign="bottom" w:wrap="notBeside"/>')
    imprint = document.styles["Imprint"]
    properties = [imprint.element.get_or_add_pPr()]
    properties += [p._p.get_or_add_pPr() for p in document.paragraphs if p.style.style_id == imprint.style_id]
    for ppr in properties:
        preceding = [child for child in ppr if child.tag in {qn(tag) for tag in BEFORE_FRAME}]
        ppr.insert(ppr.index(preceding[-1]) + 1 if preceding else 0, parse_xml(frame))


def write_standards_cover(document: Document) -> None:
    """Write the title page as OSPOD offices make it, then the contents."""
    start_cover(document, ["{{ urad.nazev }}", "{{ urad.odbor }}"], space=6)
    for _ in range(4):
        document.add_paragraph("", style="Cover Details")
    for line in (
        "Platnost od: {{ urad.platnost_od }}",
        "Důvod revize: {{ urad.duvod_revize }}",
        "Verze {{ dokument.verze }}",
        "Vypracoval: {{ urad.vypracoval }}",
        "Schválil: {{ urad.schvalil }}",
        "Zpracovali: {{ dokument.autori_text }}",
    ):
        document.add_paragraph(line, style="Cover Details")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    write_contents(document)


def write_report_cover(document: Document) -> None:
    """Write the cover of a project report (which report, which period) with the publicity block, then the contents."""
    start_cover(document, ["{{ organizace.nazev }}"], space=5)
    document.add_paragraph("", style="Cover Details")
    document.add_paragraph("{{ zprava.druh }}", style="Cover Details").runs[0].bold = True
    document.add_paragraph("Sledované období: {{ zprava.obdobi }}", style="Cover Details")
    document.add_paragraph("Zpracovali: {{ dokument.autori_text }}", style="Cover Details")
    document.add_paragraph("Verze {{ dokument.verze }}, {{ dokument.misto }}, {{ dokument.datum_vydani }}", style="Cover Details")
    for _ in range(5):
        document.add_paragraph("", style="Cover Details")
    write_publicity(document)
    write_contents(document)


# The minimum standard is a publication of the project like a methodology: same cover.
FRAMES = {
    "methodology": write_cover,
    "quality-standards": write_standards_cover,
    "minimum-standard": write_cover,
    "report": write_report_cover,
}
# Kinds whose Typst frame is another kind's (the Typst frames are written by hand).
SHARED_TYPST_FRAMES = {"minimum-standard": "methodology"}


def main(only: list[str]) -> None:
    """Write the Word frame of every kind, or of the kinds in ``only``."""
    EMBLEM.write_bytes(typst.compile(str(EMBLEM.with_suffix(".typ")), format="png", ppi=144))
    for kind, write in FRAMES.items():
        if only and kind not in only:
            continue
        document = default_reference()
        set_language(document)
        style_text(document)
        use_portable_fonts(document)
        define_referenced_styles(document)
        number_headings(document)
        set_page(document)
        write(document)
        document.core_properties.title = ""
        document.core_properties.author = ""
        (HERE / kind).mkdir(exist_ok=True)
        document.save(HERE / kind / "frame.docx")
        if kind in SHARED_TYPST_FRAMES:
            shared = (HERE / SHARED_TYPST_FRAMES[kind] / "frame.typ").read_text(encoding="utf-8")
            note = f"// Generated by make_frames.py from {SHARED_TYPST_FRAMES[kind]}/frame.typ; edit that one.\n"
            (HERE / kind / "frame.typ").write_text(note + shared, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
