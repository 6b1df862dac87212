"""The question-bank pipeline: source text in, reviewable YAML banks out.

Pure Python on purpose: it runs in CI, in the CLI and in tests without an app,
and generation never reads the database (the data only flows forward).
"""
