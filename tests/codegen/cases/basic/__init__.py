"""Golden case: basic."""
