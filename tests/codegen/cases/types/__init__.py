"""Golden case: types."""
