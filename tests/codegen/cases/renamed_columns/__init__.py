"""Golden case: renamed_columns."""
