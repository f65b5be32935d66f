"""Design projects: lifecycle stages with gates, deliverables, milestones, members and IP."""
