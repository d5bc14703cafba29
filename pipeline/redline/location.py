"""Where a change stands, in the terms of the document: chapter 3, criterion 4b, annex A.

The heading numbers are counted as the frames number them (1, 1.1, 1.1.1;
unnumbered headings skipped), on the newer version, so *kapitola 3* is chapter
3 of the text the reviewer approves. Unnumbered headings that name a thing of
the field (*Kritérium 4b*, *Standard 4: …*, *Činnost 2.1 …*, *Příloha A: …*)
are named by it, and so are numbered headings whose identifier a kind gives
to such a thing (``kap:cinnost-3`` → *činnost 2.1 „…“*); any other heading by
its title.
"""

from __future__ import annotations

import re

from pipeline.ast import Node, stringify

#: names of numbered heading levels
LEVEL_NAMES = {1: "kapitola", 2: "podkapitola", 3: "oddíl"}
#: first words of unnumbered headings that name a thing of the field, and its name in a summary
NAMED_THINGS = {
    "kritérium": "kritérium",
    "standard": "standard",
    "činnost": "činnost",
    "aktivita": "aktivita",
    "indikátor": "indikátor",
    "příloha": "příloha",
}
_NAMED = re.compile(r"^(\w+)\s+([\w.]+)", re.UNICODE)
#: heading identifiers that kinds give to things of the field, and the thing's name
NAMED_IDS = {"kap:cinnost-": "činnost", "kap:kriterium-": "kritérium", "kap:indikator-": "indikátor"}
START = "začátek dokumentu"


class Locator:
    """Follow the headings of a document as they pass and name the current place."""

    def __init__(self) -> None:
        self.counters = [0, 0, 0]
        self.here = START

    def heading(self, header: Node) -> str:
        """Enter the section of ``header`` (a heading of the newer version); return its name."""
        level, attr, inlines = header["c"]
        title = stringify(inlines).replace("\u00a0", " ").strip()
        named = _NAMED.match(title)
        if named and named.group(1).lower() in NAMED_THINGS:
            self.here = f"{NAMED_THINGS[named.group(1).lower()]} {named.group(2).rstrip('.:')}"
        elif "unnumbered" in attr[1] or level > len(self.counters):
            self.here = f"„{title}“"
        else:
            self.counters[level - 1] += 1
            self.counters[level:] = [0] * (len(self.counters) - level)
            number = ".".join(str(n) for n in self.counters[:level])
            thing = next((name for prefix, name in NAMED_IDS.items() if attr[0].startswith(prefix)), LEVEL_NAMES[level])
            self.here = f"{thing} {number} „{title}“"
        return self.here
