"""Golden case: relations."""
