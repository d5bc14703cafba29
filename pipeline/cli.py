"""The ``pipeline`` command: parse options, call one function of :mod:`pipeline.build`, report."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline import __version__, cli_czech
from pipeline.errors import Diagnostic, PipelineError, SourceErrors

FORMATS = ("docx", "pdf")
#: exit status of a bug of ours (EX_SOFTWARE of sysexits.h), apart from a user's problem (1) or a tool's (3)
INTERNAL_ERROR = 70

cli_czech.install()


def _project() -> Any:
    from pipeline.project import Project

    return Project(Path.cwd())


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics, key=lambda d: (str(d.location.path), d.location.line, d.location.col)):
        click.echo(str(diagnostic), err=True)


def _run(action: Callable[[], Any], verbose: bool) -> Any:
    """Run ``action``; turn a user's problem into Czech messages and an exit code, never a traceback.

    An unexpected exception is a bug of ours: it is reported in one Czech line
    with exit status 70 (the traceback only under ``-v``). This is the last line
    of defence; every failure a user can cause has its own located message.
    """
    try:
        return action()
    except SourceErrors as exc:
        _print_diagnostics(exc.diagnostics)
        click.echo(exc.summary(), err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(exc.exit_code)
    except PipelineError as exc:
        click.echo(f"chyba: {exc}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug of ours, never a user's traceback
        if verbose:
            traceback.print_exc()
        click.echo(
            f"chyba: vnitřní chyba programu ({type(exc).__name__}); "
            "spusťte příkaz znovu s -v a pošlete výpis správci pipeline",
            err=True,
        )
        sys.exit(INTERNAL_ERROR)


def verbose_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``-v/--verbose`` (show tracebacks) to a command."""
    return click.option("-v", "--verbose", is_flag=True, help="Při chybě vypsat i technické podrobnosti.")(command)


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"neznámý formát {', '.join(unknown) or '(žádný)'}; možné: {', '.join(FORMATS)}")
    return chosen


@click.group(
    cls=cli_czech.CzechGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="pipeline", message="%(prog)s %(version)s")
def main() -> None:
    """Sestavení metodik, standardů a zpráv ze zdrojů ve složce sources/ do DOCX a PDF."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[CESTA]…")
@click.option("--format", "formats", default="docx,pdf", callback=_formats, help="Formáty oddělené čárkou (docx,pdf).")
@click.option("--force", is_flag=True, help="Sestavit i dokumenty, které jsou aktuální.")
@click.option("--strict", is_flag=True, help="Považovat varování za chyby.")
@click.option("--kind", help="Jen dokumenty tohoto druhu (např. methodology).")
@click.option(
    "--pdf-engine",
    type=click.Choice(["typst", "libreoffice"]),
    default="typst",
    help="Čím sestavit PDF: typst (výchozí) nebo libreoffice (věrné rozvržení DOCX).",
)
@click.option(
    "--no-page-numbers",
    is_flag=True,
    help="Nevyplňovat čísla stran v obsahu DOCX (jinak se použije LibreOffice, je-li nainstalován).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="Kolik dokumentů sestavovat souběžně (výchozí: počet jader).",
)
@click.option(
    "--period", type=click.IntRange(min=1), default=None,
    help="Jen zprávu o realizaci za toto monitorovací období (u zpráv projektu).",
)
@verbose_option
def build(
    paths: tuple[Path, ...], formats: tuple[str, ...], force: bool, strict: bool, kind: str | None,
    pdf_engine: str, no_page_numbers: bool, jobs: int | None, period: int | None, verbose: bool,
) -> None:
    """Sestaví dokumenty v zadaných složkách (výchozí: všechny v sources/)."""
    from pipeline import build as stages
    from pipeline.errors import display_path
    from pipeline.progress import Progress

    result = _run(
        lambda: stages.build(
            _project(), paths, formats, force=force, strict=strict, kind=kind, pdf_engine=pdf_engine,
            page_numbers=not no_page_numbers, jobs=jobs, report=click.echo, period=period,
            progress=Progress.console(click.echo),
        ),
        verbose,
    )
    _print_diagnostics(result.warnings)
    for path in result.built:
        click.echo(f"zapsáno: {display_path(path)}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[CESTA]…")
@click.option("--strict", is_flag=True, help="Považovat varování za chyby.")
@click.option("--pravopis", is_flag=True, help="Zkontrolovat i pravopis textů (český slovník Hunspell).")
@verbose_option
def check(paths: tuple[Path, ...], strict: bool, pravopis: bool, verbose: bool) -> None:
    """Načte a zkontroluje zdroje; nic nezapisuje."""
    from pipeline import build as stages
    from pipeline import spelling

    run_check = spelling.check_sources if pravopis else stages.check
    result = _run(lambda: run_check(_project(), paths, strict), verbose)
    _print_diagnostics(result.warnings)
    if result.warnings:
        from pipeline.czech import count

        click.echo(f"Zdroje jsou bez chyb; {count(len(result.warnings), 'varování', 'varování', 'varování')} výše.")
    else:
        click.echo("Zdroje jsou v pořádku.")


@main.command(name="new")
@click.argument("kind", metavar="DRUH")
@click.argument("folder", type=click.Path(path_type=Path), metavar="SLOŽKA")
@verbose_option
def new_command(kind: str, folder: Path, verbose: bool) -> None:
    """Založí nový dokument druhu DRUH (methodology, quality-standards, minimum-standard, report) ve SLOŽCE ve sources/."""
    from pipeline.errors import display_path
    from pipeline.scaffold import new_document

    for path in _run(lambda: new_document(_project(), kind, folder), verbose):
        click.echo(f"vytvořeno: {display_path(path)}")
    click.echo(f"Upravte document.yaml a kapitoly, pak sestavte: pipeline build {display_path(folder)}")


@main.command(name="list")
@click.option("--format", "list_format", type=click.Choice(["text", "json"]), default="text",
              help="Tabulka (výchozí) nebo JSON pro nástroje (i s výstupními soubory).")
@verbose_option
def list_command(list_format: str, verbose: bool) -> None:
    """Vypíše dokumenty: složku, název, druh, verzi a zda jsou výstupy aktuální."""
    from pipeline import listing

    documents = _run(lambda: listing.list_documents(_project()), verbose)
    click.echo(listing.as_json(documents) if list_format == "json" else listing.as_table(documents), nl=False)


@main.command(name="diff")
@click.argument("arguments", nargs=-1, required=True, metavar="REV1 [REV2] [CESTA…]")
@click.option("--format", "summary_format", type=click.Choice(["text", "json"]), default="text",
              help="Souhrn změn jako text (výchozí) nebo JSON pro nástroje.")
@click.option("--outputs", "formats", default="docx,pdf", callback=_formats,
              help="Které soubory se změnami zapsat (docx,pdf).")
@verbose_option
def diff_command(arguments: tuple[str, ...], summary_format: str, formats: tuple[str, ...], verbose: bool) -> None:
    """Porovná dokumenty mezi dvěma verzemi v Gitu (REV2 výchozí: pracovní kopie) a zapíše DOCX se sledovanými změnami."""
    from pipeline.redline import build as redline
    from pipeline.redline import summary

    result = _run(lambda: redline.redline_arguments(_project(), arguments, formats), verbose)
    click.echo(summary.as_json(result) if summary_format == "json" else summary.as_text(result))


@main.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="SOUBOR.docx")
@verbose_option
def textconv(file: Path, verbose: bool) -> None:
    """Vypíše text souboru DOCX v ustálené podobě (pro git diff; viz README)."""
    from pipeline.textconv import docx_text

    click.echo(_run(lambda: docx_text(file), verbose), nl=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[CESTA]…")
@click.option("--check", is_flag=True, help="Jen vypsat soubory, které nejsou v ustálené podobě; nic neměnit.")
@verbose_option
def fmt(paths: tuple[Path, ...], check: bool, verbose: bool) -> None:
    """Přepíše zdroje YAML do ustálené podoby (pořadí klíčů podle modelu, odsazení, uvozovky)."""
    from pipeline import fmt as formatting
    from pipeline.errors import display_path

    changed = _run(lambda: formatting.format_sources(_project(), paths, check=check), verbose)
    for path in changed:
        click.echo(f"{'není v ustálené podobě' if check else 'upraveno'}: {display_path(path)}", err=check)
    if check and changed:
        click.echo("Spusťte pipeline fmt (nebo make fmt) a změny zapište.", err=True)
        sys.exit(1)
