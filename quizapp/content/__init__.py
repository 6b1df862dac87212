"""Moves the reviewed YAML banks into the database (the last arrow of the pipeline)."""
