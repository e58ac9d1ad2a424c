"""Pages for inspections."""
