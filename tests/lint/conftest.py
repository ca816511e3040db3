"""Lint fixtures are source text for the linter, never imported or collected."""

collect_ignore_glob = ["fixtures/*"]
