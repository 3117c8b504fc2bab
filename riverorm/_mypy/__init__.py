"""Internals of the mypy plugin; the entry point is :mod:`riverorm.mypy`."""
