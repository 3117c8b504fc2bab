"""Build-time code generation: ``riverorm generate``. Imports jinja2 and libcst; runtime never does."""
