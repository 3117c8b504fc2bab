"""Golden cases: each ``<feature>/models.py`` with its generated package committed in ``expected/``.

Regenerate them after an intended change to the generator with
``python -m pytest tests/codegen --update-goldens`` and review the diff.
"""
