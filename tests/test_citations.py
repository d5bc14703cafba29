"""Citations and the list of sources in our ČSN ISO 690 style, rendered by the real pandoc.

Each case runs pandoc's citeproc with ``templates/common/iso690-cs.csl`` and the
sample's ``sources/references.yaml`` (``-M lang=cs-CZ``, as the pipeline does)
on a small Markdown input and compares the exact Czech text a reader gets.
``--fail-if-warnings`` makes any citeproc warning (unknown key, bad style) fail.

In the expected text ``~`` stands for a no-break space, which the style puts
between an abbreviation and its number (``s.~15``, ``roč.~7``, ``2.~vyd.``).
Entries that the sample does not need (three authors, ISSN, DOI, two editors,
the same author twice in a year) come from a test-only bibliography of
fictional works.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.errors import ToolError
from pipeline.pandoc import pandoc_path, run_pandoc

REPOSITORY = Path(__file__).resolve().parent.parent
STYLE = REPOSITORY / "templates" / "common" / "iso690-cs.csl"
REFERENCES = REPOSITORY / "sources" / "references.yaml"
NBSP = "\u00a0"
CSL = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Fictional works only for these tests.
EXTRA_REFERENCES = """\
references:
  - id: tri2020
    type: book
    author:
      - {family: Novák, given: Jan}
      - {family: Svobodová, given: Petra}
      - {family: Chalupa, given: Karel}
    title: "Název knihy: podnázev"
    edition: 2
    publisher: Portál
    publisher-place: Praha
    issued: {date-parts: [[2020]]}
  - id: stastna2024
    type: article-journal
    author:
      - {family: Šťastná, given: Alena}
    title: Sociální šetření v době digitální
    container-title: Fiktivní revue sociální práce
    volume: "3"
    issue: "1"
    page: 1–9
    ISSN: 0000-0000
    DOI: 10.0000/fiktivni.2024.1
    URL: https://example.org/clanek
    accessed: {date-parts: [[2026, 1, 5]]}
    issued: {date-parts: [[2024]]}
  - id: ivan2020
    type: chapter
    author:
      - {family: Ivan, given: Ema}
    editor:
      - {family: Urban, given: Petr}
      - {family: Zelená, given: Jana}
    title: Krizová intervence na úřadě
    container-title: Sborník z konference
    edition: 3
    publisher: Vydavatel
    publisher-place: Brno
    page: "5"
    ISBN: 978-80-000-0000-0
    issued: {date-parts: [[2020]]}
  - id: hruska2020a
    type: book
    author:
      - {family: Hruška, given: Jan}
    title: Alfa
    issued: {date-parts: [[2020]]}
  - id: hruska2020b
    type: book
    author:
      - {family: Hruška, given: Jan}
    title: Beta
    issued: {date-parts: [[2020]]}
  - id: cibulka
    type: book
    author:
      - {family: Cibulka, given: Adam}
    title: Bez roku
"""


def nb(text: str) -> str:
    """Return ``text`` with each ``~`` turned into a no-break space."""
    return text.replace("~", NBSP)


def pandoc_args(to: str, extra: Path | None) -> list[str]:
    """Return the pandoc arguments of a citeproc run in our style."""
    args = [
        "--from", "markdown", "--to", to, "--wrap=none", "--fail-if-warnings",
        "--citeproc", "--csl", str(STYLE), "--bibliography", str(REFERENCES), "-M", "lang=cs-CZ",
    ]  # fmt: skip
    if extra is not None:
        args += ["--bibliography", str(extra)]
    return args


def render(markdown: str, to: str = "plain", extra: Path | None = None) -> str:
    """Return ``markdown`` rendered by pandoc with citeproc in our style, stripped."""
    return run_pandoc(pandoc_args(to, extra), markdown.encode("utf-8")).decode("utf-8").strip()


def entry(key: str, to: str = "plain", extra: Path | None = None) -> str:
    """Return the bibliography entry of ``key`` alone (cited with ``nocite``)."""
    return render(f"---\nnocite: '@{key}'\n---\n", to, extra)


def in_text(markdown: str, extra: Path | None = None) -> str:
    """Return the first paragraph of ``markdown`` rendered: the text with its citations."""
    return render(markdown, "plain", extra).split("\n\n")[0]


def listed_ids(markdown_output: str) -> list[str]:
    """Return the keys of the bibliography entries in pandoc's Markdown output, in order."""
    return re.findall(r"\{#ref-(\S+) \.csl-entry\}", markdown_output)


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the path of the test-only bibliography."""
    path = tmp_path_factory.mktemp("bibliography") / "extra.yaml"
    path.write_text(EXTRA_REFERENCES, encoding="utf-8")
    return path


# --- the style file -----------------------------------------------------------


def test_style_is_well_formed_csl_with_czech_terms() -> None:
    root = ET.parse(STYLE).getroot()
    assert root.tag == f"{CSL}style"
    assert root.get("version") == "1.0" and root.get("class") == "in-text"
    assert root.get("default-locale") == "cs-CZ"
    assert root.find(f"{CSL}info/{CSL}id") is not None and root.find(f"{CSL}info/{CSL}title") is not None
    locale = root.find(f"{CSL}locale")
    assert locale is not None and locale.get(XML_LANG) == "cs-CZ"
    terms = {
        (term.get("name"), term.get("form", "long")): (term.text or "").strip()
        for term in locale.iter(f"{CSL}term")
    }
    assert terms[("and", "long")] == "a"
    assert terms[("et-al", "long")] == "et al."
    assert terms[("in", "long")] == "In"
    assert terms[("accessed", "long")] == "cit."
    assert terms[("available at", "long")] == "Dostupné z"
    assert terms[("edition", "short")] == "vyd."
    assert terms[("volume", "short")] == "roč."
    assert terms[("issue", "short")] == "č."
    assert root.find(f"{CSL}citation") is not None and root.find(f"{CSL}bibliography") is not None


def test_pandoc_accepts_style_and_bibliography_without_warnings() -> None:
    result = subprocess.run(
        [pandoc_path(), "--sandbox", *pandoc_args("plain", None)],
        input=b"---\nnocite: '@*'\n---\n\nText [@vrana2019].\n",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr.decode("utf-8") == ""


def test_a_citeproc_warning_fails_the_run() -> None:
    """The helpers would let no warning pass unnoticed: an unknown key is one."""
    with pytest.raises(ToolError, match="citation neznamy2020 not found"):
        render("Text [@neznamy2020].")


# --- the list of sources: one entry per type ----------------------------------

ENTRIES = {
    # book, two authors, edition, subtitle, ISBN
    "horakova2021": "HORÁKOVÁ, Dagmar a Ondřej LHOTÁK. Sociální práce v malé obci: případy, postupy, sítě. "
    "2.~vyd. Lipová nad Orlicí: Nakladatelství Podorlicko, 2021. ISBN 978-80-88207-14-6.",
    # book, four authors: the first and et al.
    "benes2022": "BENEŠ, Richard et al. Supervize v sociální práci veřejné správy. "
    "Lipová nad Orlicí: Nakladatelství Podorlicko, 2022.",
    # journal article
    "vrana2019": "VRÁNA, Tomáš. Depistáž jako první krok sociální práce obce. "
    "Časopis pro sociální práci v regionech. 2019, roč.~7, č.~2, s.~14–27.",
    # chapter in an edited book
    "kralova2018": "KRÁLOVÁ, Irena. Případová konference v praxi obecního úřadu. "
    "In: SEDLÁČEK, Marek (ed.). Spolupráce v sociální práci. "
    "Lipová nad Orlicí: Nakladatelství Podorlicko, 2018, s.~41–58.",
    # web page without a date of issue
    "mpsv-socialni-prace": "MINISTERSTVO PRÁCE A SOCIÁLNÍCH VĚCÍ. Sociální práce na obcích [online]. "
    "Praha: MPSV, b.~r. [cit.~2026-10-15]. Dostupné z: https://www.mpsv.cz/",
    # legislation
    "zakon108": "ČESKO. Zákon č. 108/2006 Sb., o sociálních službách. "
    "In: Sbírka zákonů České republiky. 2006, částka~37.",
    "vyhlaska473": "ČESKO. Vyhláška č. 473/2012 Sb., o provedení některých ustanovení zákona "
    "o sociálně-právní ochraně dětí. In: Sbírka zákonů České republiky. 2012, částka~177.",
    # reports by an institution, in print and online
    "mpsv-dp2012": "MINISTERSTVO PRÁCE A SOCIÁLNÍCH VĚCÍ. Doporučený postup č. 1/2012 k realizaci činností "
    "sociální práce na obecních úřadech typu II., typu III., újezdních a krajských úřadech. Praha: MPSV, 2012.",
    "krajsky-urad2023": "KRAJSKÝ ÚŘAD PODORLICKÉHO KRAJE. Zpráva o stavu sociální práce na obcích v kraji "
    "za rok 2022 [online]. Podorlice: Krajský úřad Podorlického kraje, 2023 [cit.~2026-09-15]. "
    "Dostupné z: https://www.example.cz/zprava-socialni-prace-2022.pdf",
}


@pytest.mark.parametrize("key", ENTRIES)
def test_entry_as_plain_text(key: str) -> None:
    assert entry(key) == nb(ENTRIES[key])


MARKDOWN_ENTRIES = {
    # the work itself in italics; a part of a host (article, chapter, law) upright, its host in italics
    "horakova2021": "HORÁKOVÁ, Dagmar a Ondřej LHOTÁK. *Sociální práce v malé obci: případy, postupy, sítě*. "
    "2.~vyd. Lipová nad Orlicí: Nakladatelství Podorlicko, 2021. ISBN 978-80-88207-14-6.",
    "vrana2019": "VRÁNA, Tomáš. Depistáž jako první krok sociální práce obce. "
    "*Časopis pro sociální práci v regionech*. 2019, roč.~7, č.~2, s.~14--27.",
    "kralova2018": "KRÁLOVÁ, Irena. Případová konference v praxi obecního úřadu. "
    "In: SEDLÁČEK, Marek (ed.). *Spolupráce v sociální práci*. "
    "Lipová nad Orlicí: Nakladatelství Podorlicko, 2018, s.~41--58.",
    "zakon108": "ČESKO. Zákon č. 108/2006 Sb., o sociálních službách. "
    "In: *Sbírka zákonů České republiky*. 2006, částka~37.",
    "mpsv-socialni-prace": "MINISTERSTVO PRÁCE A SOCIÁLNÍCH VĚCÍ. *Sociální práce na obcích* \\[online\\]. "
    "Praha: MPSV, b.~r. \\[cit.~2026-10-15\\]. Dostupné z: <https://www.mpsv.cz/>",
    "mpsv-dp2012": "MINISTERSTVO PRÁCE A SOCIÁLNÍCH VĚCÍ. *Doporučený postup č. 1/2012 k realizaci činností "
    "sociální práce na obecních úřadech typu II., typu III., újezdních a krajských úřadech*. Praha: MPSV, 2012.",
}


@pytest.mark.parametrize("key", MARKDOWN_ENTRIES)
def test_entry_italics_in_markdown(key: str) -> None:
    rendered = entry(key, "markdown")
    body = [line for line in rendered.splitlines() if not line.startswith(":::")]
    assert body == [nb(MARKDOWN_ENTRIES[key])]


EXTRA_ENTRIES = {
    # three authors: all of them, "a" before the last
    "tri2020": "NOVÁK, Jan, Petra SVOBODOVÁ a Karel CHALUPA. Název knihy: podnázev. 2.~vyd. Praha: Portál, 2020.",
    # online article with ISSN and DOI; no full stop after the URL
    "stastna2024": "ŠŤASTNÁ, Alena. Sociální šetření v době digitální. Fiktivní revue sociální práce [online]. "
    "2024, roč.~3, č.~1, s.~1–9 [cit.~2026-01-05]. ISSN 0000-0000. DOI: 10.0000/fiktivni.2024.1. "
    "Dostupné z: https://example.org/clanek",
    # two editors: "(eds.)"; the host's edition and ISBN
    "ivan2020": "IVAN, Ema. Krizová intervence na úřadě. In: URBAN, Petr a Jana ZELENÁ (eds.). "
    "Sborník z konference. 3.~vyd. Brno: Vydavatel, 2020, s.~5. ISBN 978-80-000-0000-0.",
    # no date
    "cibulka": "CIBULKA, Adam. Bez roku. b.~r.",
}


@pytest.mark.parametrize("key", EXTRA_ENTRIES)
def test_more_entry_forms(key: str, extra: Path) -> None:
    assert entry(key, extra=extra) == nb(EXTRA_ENTRIES[key])


def test_every_reference_renders_and_ends_as_iso_690_wants() -> None:
    keys = re.findall(r"^  - id: (\S+)$", REFERENCES.read_text(encoding="utf-8"), re.MULTILINE)
    assert 8 <= len(keys) <= 12 and len(set(keys)) == len(keys)
    for key in keys:
        text = entry(key)
        assert "\n" not in text, key
        # a full stop, except after an address someone may copy
        assert text.endswith(".") or re.search(r" Dostupné z: \S+$", text), text
        assert ".." not in text.replace("...", ""), text


# --- order of the list --------------------------------------------------------


def test_list_is_sorted_by_author_then_year() -> None:
    assert listed_ids(render("---\nnocite: '@*'\n---\n", "markdown")) == [
        "benes2022",
        "zakon359",  # ČESKO: Č after C, the laws by year
        "zakon108",
        "zakon111",
        "vyhlaska473",
        "horakova2021",
        "krajsky-urad2023",  # KRAJ… before KRÁL…: á sorts as a at first
        "kralova2018",
        "mpsv-dp2012",  # the same author: 2012 before "b. r."
        "mpsv-socialni-prace",
        "vrana2019",
    ]


def test_list_uses_czech_collation(extra: Path) -> None:
    cited = "---\nnocite: '@tri2020, @stastna2024, @ivan2020, @hruska2020a, @cibulka, @benes2022, @vrana2019'\n---\n"
    assert listed_ids(render(cited, "markdown", extra)) == [
        "benes2022",
        "cibulka",
        "hruska2020a",  # H before CH
        "ivan2020",  # CH before I
        "tri2020",
        "stastna2024",  # Š after S, before V
        "vrana2019",
    ]


# --- citations in the text ----------------------------------------------------

CITATIONS = [
    ("Text [@vrana2019].", "Text (VRÁNA, 2019)."),
    ("Text [@horakova2021, s. 15].", "Text (HORÁKOVÁ a LHOTÁK, 2021, s.~15)."),
    ("Text [@horakova2021, s. 15--17].", "Text (HORÁKOVÁ a LHOTÁK, 2021, s.~15–17)."),
    ("Text [@vrana2019, 15].", "Text (VRÁNA, 2019, s.~15)."),  # a bare number is a page
    ("Vrána [-@vrana2019] uvádí.", "Vrána (2019) uvádí."),
    ("Vrána [-@vrana2019, s. 20] uvádí.", "Vrána (2019, s.~20) uvádí."),
    ("Podle @vrana2019 je.", "Podle VRÁNA (2019) je."),
    ("Text [@benes2022, s. 21].", "Text (BENEŠ et al., 2022, s.~21)."),
    ("Text [@krajsky-urad2023].", "Text (KRAJSKÝ ÚŘAD PODORLICKÉHO KRAJE, 2023)."),
    ("Text [@mpsv-socialni-prace].", "Text (MINISTERSTVO PRÁCE A SOCIÁLNÍCH VĚCÍ, b.~r.)."),
    ("Text [@kralova2018].", "Text (KRÁLOVÁ, 2018)."),
    # laws by their short title, with a section or paragraph
    ("Text [@zakon108].", "Text (Zákon č. 108/2006 Sb.)."),
    ("Text [@zakon108, § 92].", "Text (Zákon č. 108/2006 Sb., §~92)."),
    ("Text [@zakon359, odst. 2].", "Text (Zákon č. 359/1999 Sb., odst.~2)."),
    # several sources: by author, separated by semicolons
    ("Text [@vrana2019; @horakova2021].", "Text (HORÁKOVÁ a LHOTÁK, 2021; VRÁNA, 2019)."),
]


@pytest.mark.parametrize(("markdown", "expected"), CITATIONS)
def test_citation_in_text(markdown: str, expected: str) -> None:
    assert in_text(markdown) == nb(expected)


EXTRA_CITATIONS = [
    ("Text [@tri2020].", "Text (NOVÁK, SVOBODOVÁ a CHALUPA, 2020)."),
    ("Text [@stastna2024, s. 3].", "Text (ŠŤASTNÁ, 2024, s.~3)."),
    # the same author twice in one year: a and b, in the text and in the list
    ("Text [@hruska2020a; @hruska2020b].", "Text (HRUŠKA, 2020a, 2020b)."),
    ("Text [@hruska2020a]. Jinde [@hruska2020b, s. 3].", "Text (HRUŠKA, 2020a). Jinde (HRUŠKA, 2020b, s.~3)."),
    ("Text [@hruska2020b, s. 3].", "Text (HRUŠKA, 2020, s.~3)."),  # only cited works are told apart
    ("Text [@cibulka].", "Text (CIBULKA, b.~r.)."),
]


@pytest.mark.parametrize(("markdown", "expected"), EXTRA_CITATIONS)
def test_more_citation_forms(markdown: str, expected: str, extra: Path) -> None:
    assert in_text(markdown, extra) == nb(expected)


def test_year_suffix_is_in_the_list_too(extra: Path) -> None:
    rendered = render("Text [@hruska2020a; @hruska2020b].", "plain", extra)
    assert rendered.split("\n\n")[1:] == ["HRUŠKA, Jan. Alfa. 2020a.", "HRUŠKA, Jan. Beta. 2020b."]


def _body(markdown: str) -> dict:
    """Return a parsed body with a list of entries, as the pipeline hands it to citeproc."""
    from pipeline.ast.citations import bibliography_blocks
    from pipeline.pandoc import markdown_to_ast

    ast = markdown_to_ast(markdown)
    ast["blocks"] += bibliography_blocks()
    return ast


def _citeproc_runs(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Record the inputs of every citeproc process the citations module starts."""
    from pipeline.ast import citations

    inputs: list[bytes] = []

    def recording(args: list[str], stdin: bytes = b"", cwd: Path | None = None) -> bytes:
        inputs.append(stdin)
        return run_pandoc(args, stdin, cwd)

    monkeypatch.setattr(citations, "run_pandoc", recording)
    return inputs


def test_an_early_run_on_the_right_guess_is_taken_and_citeproc_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ast.citations import Citeproc, guess_citations, render_citations
    from pipeline.ast.xref import PREFIXES

    parsed = "Podle [@mpsv-socialni-prace, s. 12] a @kap:uvod.\n"
    resolved = "Podle [@mpsv-socialni-prace, s. 12] a kapitola 1.\n"  # as the checks leave it
    expected = render_citations(_body(resolved), Citeproc(REFERENCES, STYLE))
    inputs = _citeproc_runs(monkeypatch)
    citeproc = Citeproc(REFERENCES, STYLE)
    guess_citations(_body(parsed), citeproc, lambda key: key.split(":")[0] in PREFIXES)
    assert render_citations(_body(resolved), citeproc) == expected
    assert len(inputs) == 1 and b"kap:uvod" not in inputs[0]  # the cross-reference was left out of the guess


def test_a_wrong_guess_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ast.citations import Citeproc, render_citations

    inputs = _citeproc_runs(monkeypatch)
    citeproc = Citeproc(REFERENCES, STYLE)
    citeproc.start(_body("Podle [@mpsv-socialni-prace]."))
    rendered = render_citations(_body("Podle [@mpsv-socialni-prace, s. 99]."), citeproc)
    assert len(inputs) == 2
    assert "s.\u00a099" in json.dumps(rendered, ensure_ascii=False)
