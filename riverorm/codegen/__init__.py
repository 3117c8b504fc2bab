"""Build-time code generation: ``riverorm generate``.

This package imports jinja2 and libcst; the runtime never imports it.
"""
