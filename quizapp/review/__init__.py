"""The review queue: a person approves, edits, holds or retires what the pipeline proposes, and answers flags."""
