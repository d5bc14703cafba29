"""Validity of the outputs against the standards' own validators (OOXML schemas, PDF/UA-1).

A package, so that its ``conftest.py`` is imported as ``validity.conftest`` and
does not shadow ``tests/conftest.py``, which every test imports as ``conftest``.
"""
