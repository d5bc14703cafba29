# Two commands matter: `make methodology` and `make test`. Every target sets up
# .venv on first use, so a fresh clone needs only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help methodology standards minimum-standard reports check test clean bench redline fmt

help: ## Vypíše dostupné cíle
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# git diff shows Word files as text (.gitattributes: *.docx diff=docx); idempotent, only in a checkout
	-git rev-parse --git-dir >/dev/null 2>&1 && git config diff.docx.textconv "'$(CURDIR)/$(BIN)/pipeline' textconv"
	touch $@

methodology: $(STAMP) ## Sestaví ukázkovou metodiku do output/ (DOCX a PDF)
	$(BIN)/pipeline build --kind methodology

standards: $(STAMP) ## Sestaví standardy kvality SPOD všech úřadů (úplné znění, výtah, pokrytí CSV)
	$(BIN)/pipeline build --kind quality-standards

minimum-standard: $(STAMP) ## Sestaví podklad minimálního standardu sociální práce v obci a porovnání obcí s ním
	$(BIN)/pipeline build --kind minimum-standard

# The final report lists the documents the project produced, from their manifests: build them first.
reports: $(STAMP) methodology standards minimum-standard ## Sestaví zprávy projektu ze záznamů o činnosti (zprávy o realizaci za období, závěrečná a evaluační)
	$(BIN)/pipeline build --kind report

check: $(STAMP) ## Zkontroluje všechny zdroje i pravopis textů, nic nezapisuje
	$(BIN)/pipeline check --pravopis

redline: $(STAMP) ## Dokument se sledovanými změnami mezi verzemi: make redline FROM=<revize> [TO=<revize>]
	@test -n "$(FROM)" || { echo "chyba: zadejte výchozí verzi, např. make redline FROM=HEAD~1" >&2; exit 1; }
	$(BIN)/pipeline diff $(FROM) $(TO)

fmt: $(STAMP) ## Upraví zdroje YAML do ustálené podoby (pořadí klíčů, odsazení, uvozovky)
	$(BIN)/pipeline fmt

test: $(STAMP) ## Spustí testy
	$(BIN)/python -m pytest -q

clean: ## Smaže výstupy (output/); prostředí .venv ponechá
	rm -rf output

bench: $(STAMP) ## Změří rychlost proti samotnému pandocu, přírůstkové a souběžné sestavení (BENCH="--runs 3 --offices 200")
	$(BIN)/python bench/run.py $(BENCH)
