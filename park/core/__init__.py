"""Cross-cutting parts: authorisation, audit, errors, i18n, pagination, time, and the few
pages that belong to no feature (home, health, language switch, audit log)."""
