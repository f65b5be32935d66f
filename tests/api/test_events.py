"""The API's events: the public calendar and event, registering with the waitlist, one's own
registrations and cancelling them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from park.core.time import now_utc
from park.events.models import (
    Audience,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from park.extensions import db
from tests.api.support import error_of
from tests.events.meeting_setup import first_slot, meeting_fair
from tests.factories import (
    AdminFactory,
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    member_of,
)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def _status_of(registration_id: int) -> RegistrationStatus:
    db.session.expire_all()
    return db.session.get(Registration, registration_id).status


# The calendar -------------------------------------------------------------------------------


def test_the_calendar_lists_public_events_to_come_soonest_first_for_anyone(api):
    later = EventFactory(starts_at=now_utc() + timedelta(days=20))
    sooner = EventFactory(starts_at=now_utc() + timedelta(days=3))
    cancelled = EventFactory(starts_at=now_utc() + timedelta(days=5),
                             status=EventStatus.CANCELLED)
    EventFactory(status=EventStatus.DRAFT)
    EventFactory(starts_at=now_utc() - timedelta(days=3))  # over

    response = api.get("/events")

    assert _ids(response) == [sooner.id, cancelled.id, later.id]
    body = response.get_json()
    assert body["total"] == 3 and body["page"] == 1
    item = body["items"][0]
    assert item["status"] == "published" and item["kind"] == "matchmaking_fair"
    assert item["venue"]["name"] == sooner.venue.name
    assert item["places_left"] == sooner.capacity


def test_the_calendar_hides_drafts_even_from_the_park_office(api):
    EventFactory(status=EventStatus.DRAFT)

    assert _ids(api.get("/events", as_=AdminFactory())) == []


def test_the_calendar_filters_by_kind(api):
    workshop = EventFactory(kind=EventKind.WORKSHOP)
    EventFactory(kind=EventKind.EXHIBITION)

    assert _ids(api.get("/events", query={"kind": "workshop"})) == [workshop.id]


def test_the_calendar_lists_past_events_latest_first(api):
    older = EventFactory(starts_at=now_utc() - timedelta(days=30))
    recent = EventFactory(starts_at=now_utc() - timedelta(days=3))
    EventFactory()

    assert _ids(api.get("/events", query={"when": "past"})) == [recent.id, older.id]


def test_the_calendar_shows_a_months_events_like_the_month_grid(api):
    june = EventFactory(starts_at=now_utc().replace(year=2031, month=6, day=10, hour=2))
    EventFactory(starts_at=now_utc().replace(year=2031, month=7, day=10, hour=2))

    assert _ids(api.get("/events", query={"month": "2031-06"})) == [june.id]


def test_the_calendar_refuses_an_unknown_kind_or_month(api):
    for query, field in (({"kind": "party"}, "kind"), ({"month": "2031-13"}, "month"),
                         ({"month": "June"}, "month"), ({"when": "soon"}, "when")):
        response = api.get("/events", query=query)
        assert response.status_code == 422, query
        assert field in error_of(response)["fields"]


def test_the_calendar_asks_the_same_number_of_queries_for_more_events(api, count_queries):
    EventFactory()
    with count_queries() as one:
        api.get("/events")
    for _ in range(6):
        EventFactory()
    with count_queries() as seven:
        response = api.get("/events")

    assert len(response.get_json()["items"]) == 7
    assert seven.count == one.count


# One event ----------------------------------------------------------------------------------


def test_an_event_shows_capacity_counts_window_and_audience(api):
    opens = now_utc() - timedelta(days=1)
    event = EventFactory(capacity=2, audience=Audience.MANUFACTURERS,
                         registration_opens_at=opens)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    body = api.get(f"/events/{event.id}").get_json()

    assert body["capacity"] == 2 and body["confirmed_count"] == 2
    assert body["places_left"] == 0 and body["waitlist_count"] == 1
    assert body["audience"] == "manufacturers"
    assert body["registration_open"] is True
    assert body["registration_opens_at"] == opens.isoformat().replace("+00:00", "Z")
    assert body["registration_closes_at"] is None
    assert body["meetings_enabled"] is False and body["meeting_slots"] == []


def test_an_event_with_meetings_lists_its_slots(api):
    fair = meeting_fair(slots=3, minutes=20)

    body = api.get(f"/events/{fair.id}").get_json()

    start = first_slot(fair)
    assert body["meetings_enabled"] is True and body["meeting_minutes"] == 20
    assert body["meeting_slots"] == [
        (start + timedelta(minutes=20 * n)).isoformat().replace("+00:00", "Z")
        for n in range(3)]


def test_a_draft_is_not_found_by_outsiders(api):
    draft = EventFactory(status=EventStatus.DRAFT)

    for caller in (None, UserFactory()):
        response = api.get(f"/events/{draft.id}", as_=caller)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_a_draft_is_seen_by_its_organiser_and_the_park_office(api):
    organiser = UserFactory()
    draft = EventFactory(status=EventStatus.DRAFT, organiser_id=organiser.id)

    for caller in (organiser, AdminFactory()):
        response = api.get(f"/events/{draft.id}", as_=caller)
        assert response.status_code == 200
        assert response.get_json()["status"] == "draft"


def test_an_unknown_event_is_not_found(api):
    assert api.get("/events/999999").status_code == 404


# Registering --------------------------------------------------------------------------------


def test_registering_confirms_a_place(api):
    event = EventFactory(capacity=10)
    user = UserFactory()

    response = api.post(f"/events/{event.id}/registrations", as_=user, json={})

    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed" and body["waitlist_position"] is None
    assert body["event"]["id"] == event.id and body["organisation"] is None
    assert _status_of(body["id"]) is RegistrationStatus.CONFIRMED


def test_registering_for_a_full_event_joins_the_waitlist_in_order(api):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    first = api.post(f"/events/{event.id}/registrations", as_=UserFactory(), json={})
    second = api.post(f"/events/{event.id}/registrations", as_=UserFactory(), json={})

    assert first.status_code == second.status_code == 201
    assert first.get_json()["status"] == second.get_json()["status"] == "waitlisted"
    assert first.get_json()["waitlist_position"] == 1
    assert second.get_json()["waitlist_position"] == 2


def test_registering_on_behalf_of_ones_organisation(api):
    event = EventFactory()
    firm = OrganisationFactory(slug="lotus-design")
    user = member_of(firm)

    response = api.post(f"/events/{event.id}/registrations", as_=user,
                        json={"organisation": "lotus-design"})

    assert response.status_code == 201
    assert response.get_json()["organisation"]["slug"] == "lotus-design"


def test_registering_on_behalf_of_another_organisation_is_refused(api):
    event = EventFactory()
    OrganisationFactory(slug="not-mine")
    user = member_of(OrganisationFactory())

    for slug in ("not-mine", "nobody-has-this"):
        response = api.post(f"/events/{event.id}/registrations", as_=user,
                            json={"organisation": slug})
        assert response.status_code == 422
        assert error_of(response)["fields"] == {
            "organisation": ["You can only register on behalf of your own organisation."]}
    assert db.session.scalar(select(Registration).where(Registration.user_id == user.id)) is None


def test_registering_twice_is_a_conflict(api):
    event = EventFactory()
    user = UserFactory()
    api.post(f"/events/{event.id}/registrations", as_=user, json={})

    response = api.post(f"/events/{event.id}/registrations", as_=user, json={})

    assert response.status_code == 409
    assert error_of(response)["message"] == "You are already registered for this event."


def test_registering_needs_a_token(api):
    event = EventFactory()

    response = api.post(f"/events/{event.id}/registrations", json={})

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_registering_for_a_cancelled_event_is_forbidden(api):
    event = EventFactory(status=EventStatus.CANCELLED)

    assert api.post(f"/events/{event.id}/registrations", as_=UserFactory(),
                    json={}).status_code == 403


def test_registering_for_a_draft_is_not_found(api):
    event = EventFactory(status=EventStatus.DRAFT)

    assert api.post(f"/events/{event.id}/registrations", as_=UserFactory(),
                    json={}).status_code == 404


def test_registering_outside_the_audience_is_refused(api):
    event = EventFactory(audience=Audience.MANUFACTURERS)

    response = api.post(f"/events/{event.id}/registrations", as_=UserFactory(), json={})

    assert response.status_code == 422
    assert "Manufacturers" in error_of(response)["message"]


def test_registering_after_registration_closed_is_refused(api):
    event = EventFactory(registration_closes_at=now_utc() - timedelta(hours=1))

    response = api.post(f"/events/{event.id}/registrations", as_=UserFactory(), json={})

    assert response.status_code == 422
    assert error_of(response)["message"] == "Registration for this event is not open."


def test_a_registration_body_with_odd_fields_is_refused(api):
    event = EventFactory()
    user = UserFactory()
    for body, field in (({"organisation": "x" * 81}, "organisation"),
                        ({"organisation": ""}, "organisation"),
                        ({"status": "confirmed"}, "status")):
        response = api.post(f"/events/{event.id}/registrations", as_=user, json=body)
        assert response.status_code == 422, body
        assert field in error_of(response)["fields"]


# One's registrations ------------------------------------------------------------------------


def test_my_registrations_list_live_ones_with_waitlist_places(api):
    user = UserFactory()
    soon = EventFactory(starts_at=now_utc() + timedelta(days=2))
    full = EventFactory(starts_at=now_utc() + timedelta(days=9), capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status=RegistrationStatus.WAITLISTED)
    confirmed = RegistrationFactory(event=soon, user=user)
    waiting = RegistrationFactory(event=full, user=user, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(user=user, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=soon)  # someone else's

    response = api.get("/registrations", as_=user)

    assert _ids(response) == [confirmed.id, waiting.id]
    items = response.get_json()["items"]
    assert [(i["status"], i["waitlist_position"]) for i in items] == [
        ("confirmed", None), ("waitlisted", 2)]
    assert items[1]["event"]["title"] == full.title


def test_my_registrations_need_a_token(api):
    response = api.get("/registrations")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_my_registrations_ask_the_same_number_of_queries_for_more_rows(api, count_queries):
    user = UserFactory()
    org = OrganisationFactory()
    RegistrationFactory(user=user, organisation=org,
                        event=EventFactory(capacity=1, confirmed_count=1),
                        status=RegistrationStatus.WAITLISTED)
    api.token_for(user)
    with count_queries() as one:
        api.get("/registrations", as_=user)
    for _ in range(5):
        RegistrationFactory(user=user, organisation=OrganisationFactory(),
                            event=EventFactory(capacity=1, confirmed_count=1),
                            status=RegistrationStatus.WAITLISTED)
    with count_queries() as six:
        response = api.get("/registrations", as_=user)

    assert len(response.get_json()["items"]) == 6
    assert six.count == one.count


# Cancelling ---------------------------------------------------------------------------------


def test_cancelling_gives_the_place_to_the_first_waiting(api):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = api.post(f"/registrations/{mine.id}/cancel", as_=mine.user)

    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["waitlist_position"] is None
    assert _status_of(waiting.id) is RegistrationStatus.CONFIRMED


def test_cancelling_twice_is_a_conflict(api):
    mine = RegistrationFactory()
    api.post(f"/registrations/{mine.id}/cancel", as_=mine.user)

    response = api.post(f"/registrations/{mine.id}/cancel", as_=mine.user)

    assert response.status_code == 409
    assert error_of(response)["message"] == "This registration is already cancelled."


def test_someone_elses_registration_cannot_be_cancelled(api):
    mine = RegistrationFactory()
    colleague = member_of(OrganisationFactory())

    for caller in (colleague, AdminFactory()):
        response = api.post(f"/registrations/{mine.id}/cancel", as_=caller)
        assert response.status_code == 403
    assert _status_of(mine.id) is RegistrationStatus.CONFIRMED


def test_cancelling_needs_a_token(api):
    mine = RegistrationFactory()

    assert api.post(f"/registrations/{mine.id}/cancel").status_code == 401
    assert _status_of(mine.id) is RegistrationStatus.CONFIRMED


def test_cancelling_an_unknown_registration_is_not_found(api):
    assert api.post("/registrations/999999/cancel", as_=UserFactory()).status_code == 404


def test_ids_too_large_for_the_database_are_not_found(api):
    user = UserFactory()
    huge = 2**31

    assert api.get(f"/events/{huge}").status_code == 404
    assert api.post(f"/events/{huge}/registrations", as_=user, json={}).status_code == 404
    assert api.post(f"/registrations/{huge}/cancel", as_=user).status_code == 404
