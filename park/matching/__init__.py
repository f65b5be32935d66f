"""Matching: needs, academic profiles and "artists + engineers" teams, the explainable match
score, and the workflow that turns a need into a project."""
