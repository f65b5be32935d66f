"""Cooperation events: venues, events, registration with waitlist, check-in, B2B meetings,
calendars and the notifications they send."""
