"""Tenants: an organisation's tenancy, the park's buildings and units, leases and occupancy."""
