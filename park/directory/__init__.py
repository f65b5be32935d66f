"""The directory: specialties and service types, provider profiles, faceted search, contacts."""
