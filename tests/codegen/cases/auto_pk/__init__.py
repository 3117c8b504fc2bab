"""Golden case: auto_pk."""
