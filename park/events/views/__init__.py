"""The event screens: the calendar and event pages, running events and venues, registration,
tickets and check-in (events.py), B2B meetings and agendas (meetings.py), and the iCalendar
files and feeds (calendars.py). They share this blueprint."""

from flask import Blueprint

from park.events import models, notices  # noqa: F401  (their tables join the metadata)

bp = Blueprint("events", __name__)

from park.events.views import calendars, events, meetings  # noqa: E402,F401  (routes register)
