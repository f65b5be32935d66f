"""The demo park: seed data and the seed-demo command."""
