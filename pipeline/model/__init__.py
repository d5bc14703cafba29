"""Typed models of the sources, with validation that reports every problem at its location."""
