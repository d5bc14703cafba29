"""Pipeline that builds Czech social-work documents from sources kept in Git."""

__version__ = "0.1.0"
