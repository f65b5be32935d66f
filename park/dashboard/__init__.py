"""The park's numbers: dashboards for the park office, firms and manufacturers, reports and
streaming exports, and the audit log viewer."""
