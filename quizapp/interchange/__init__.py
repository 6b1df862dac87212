"""Importing and exporting question banks (GIFT, Moodle XML, Aiken, CSV, Anki): the CLI, the page and the service they share."""
