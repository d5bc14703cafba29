"""Redlines: a document compared between two Git revisions, as Word tracked changes and a coloured PDF.

``marks`` makes change marks in the AST, ``compare`` aligns two bodies and
marks their differences, ``location`` names places in the terms of the
document, ``images`` makes the images of two revisions comparable, ``docx``
and ``pdf`` finish the two outputs, ``build`` orchestrates (``pipeline diff``)
and ``summary`` reports.
"""
