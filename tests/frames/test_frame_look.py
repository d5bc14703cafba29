"""The cover's formatting is read by meaning, whichever program wrote the frame (Word or LibreOffice)."""

from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.render.frame_look import Looks

STYLES = f"""<w:styles {nsdecls("w")}>
  <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="200"/></w:pPr></w:pPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>
    <w:rPr><w:sz w:val="22"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Nzev"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:spacing w:before="240" w:after="80"/><w:jc w:val="{{jc}}"/></w:pPr>
    <w:rPr><w:b w:val="{{bold}}"/><w:color w:val="C00000" w:themeColor="accent2"/><w:sz w:val="56"/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Emph"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style>
</w:styles>"""


def paragraph(xml: str):
    return parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>')


@pytest.mark.parametrize(("jc", "bold", "alignment"), [
    ("center", "1", "center"),  # Word
    ("end", "true", "right"),  # LibreOffice, strict OOXML
    ("right", "on", "right"),
])
def test_a_style_chain_resolves_in_either_programs_spelling(jc: str, bold: str, alignment: str) -> None:
    looks = Looks(parse_xml(STYLES.replace("{jc}", jc).replace("{bold}", bold)))
    title = paragraph('<w:pPr><w:pStyle w:val="Nzev"/></w:pPr><w:r><w:t>Název</w:t></w:r>')
    look = looks.paragraph(title)
    assert (look.size, look.bold, look.colour, look.alignment) == (28, True, "C00000", alignment)
    assert (look.space_before, look.space_after) == (12, 4)
    assert looks.style_name(title) == "title"


def test_direct_formatting_and_character_styles_win_over_the_paragraph_style() -> None:
    looks = Looks(parse_xml(STYLES.replace("{jc}", "center").replace("{bold}", "0")))
    title = paragraph('<w:pPr><w:pStyle w:val="Nzev"/><w:jc w:val="left"/></w:pPr>'
                      '<w:r><w:rPr><w:rStyle w:val="Emph"/><w:b w:val="false"/><w:color w:val="auto"/></w:rPr></w:r>')
    look = looks.paragraph(title)
    assert look.alignment == "left" and not look.bold
    run = looks.run(look, title.find(f"{{{title.nsmap['w']}}}r"))
    assert run.italic and not run.bold and run.colour is None and run.size == 28


def test_a_paragraph_without_a_style_has_the_default_paragraph_style() -> None:
    looks = Looks(parse_xml(STYLES.replace("{jc}", "center").replace("{bold}", "1")))
    look = looks.paragraph(paragraph("<w:r><w:t>text</w:t></w:r>"))
    assert (look.size, look.space_after, look.alignment, look.bold) == (11, 10, "left", False)
