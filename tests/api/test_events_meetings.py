"""The API's one-to-one meetings: requesting a slot, answering, and one's agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from park.accounts.models import OrgKind
from park.events import meetings as service
from park.events.models import Meeting, MeetingHold, MeetingStatus
from park.extensions import db
from tests.api.support import error_of
from tests.events.meeting_setup import first_slot, meeting_fair, nth_slot, take_part
from tests.factories import (
    AdminFactory,
    EventFactory,
    MeetingFactory,
    OrganisationFactory,
    member_of,
)


@pytest.fixture
def fair(app):
    return meeting_fair(tables=2, slots=3)


@pytest.fixture
def maker(fair):
    return take_part(fair, "Fengchi Motors", OrgKind.MANUFACTURER)


@pytest.fixture
def firm(fair):
    return take_part(fair, "Lotus Design")


@pytest.fixture
def studio(fair):
    return take_part(fair, "Toway Studio")


def _utc(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _request(api, fair, requester, invitee, slot=None, as_=None, **extra):
    return api.post(f"/events/{fair.id}/meetings", as_=as_ or requester.user, json={
        "requester": requester.organisation.slug, "invitee": invitee.organisation.slug,
        "starts_at": _utc(slot or first_slot(fair)), **extra})


def _book(fair, requester, invitee, slot=None):
    return service.request_meeting(requester.user, fair, requester.organisation,
                                   invitee.organisation, slot or first_slot(fair))


def _status_of(meeting_id: int) -> MeetingStatus:
    db.session.expire_all()
    return db.session.get(Meeting, meeting_id).status


# Requesting ---------------------------------------------------------------------------------


def test_requesting_books_the_lowest_free_table(api, fair, maker, firm):
    response = _request(api, fair, maker, firm, message="Helmets")

    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "requested" and body["table_number"] == 1
    assert body["requester"]["slug"] == maker.organisation.slug
    assert body["invitee"]["slug"] == firm.organisation.slug
    assert body["starts_at"] == _utc(first_slot(fair))
    assert body["ends_at"] == _utc(first_slot(fair) + timedelta(minutes=20))
    assert body["message"] == "Helmets" and body["event"]["id"] == fair.id
    assert db.session.scalar(select(Meeting).where(Meeting.id == body["id"])) is not None


def test_requesting_a_party_already_booked_is_a_conflict(api, fair, maker, firm, studio):
    _book(fair, studio, firm)

    response = _request(api, fair, maker, firm)

    assert response.status_code == 409
    assert error_of(response)["fields"] == {
        "starts_at": ["Lotus Design is already booked at 18:00."]}


def test_requesting_when_every_table_is_taken_is_a_conflict(api, maker, firm, studio):
    fair = meeting_fair(tables=1, slots=2)
    parties = [take_part(fair, name) for name in ("A Design", "B Design", "C Design",
                                                  "D Design")]
    _book(fair, parties[0], parties[1])

    response = _request(api, fair, parties[2], parties[3])

    assert response.status_code == 409
    assert error_of(response)["message"] == "All tables are taken at 18:00."


def test_requesting_a_time_that_is_not_a_slot_is_refused(api, fair, maker, firm):
    response = _request(api, fair, maker, firm, slot=first_slot(fair) + timedelta(minutes=5))

    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "starts_at": ["Please choose one of the event's meeting slots."]}


def test_requesting_an_organisation_not_taking_part_is_refused(api, fair, maker):
    outsider = OrganisationFactory(name="Absent Design", slug="absent")

    response = api.post(f"/events/{fair.id}/meetings", as_=maker.user, json={
        "requester": maker.organisation.slug, "invitee": "absent",
        "starts_at": _utc(first_slot(fair))})

    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "invitee": [f"{outsider.name} is not registered for this event."]}


def test_requesting_for_another_organisation_is_refused(api, fair, maker, firm, studio):
    response = _request(api, fair, firm, studio, as_=maker.user)

    assert response.status_code == 422
    assert "requester" in error_of(response)["fields"]
    assert db.session.scalar(select(Meeting)) is None


def test_requesting_with_unknown_organisations_is_refused_by_field(api, fair, maker, firm):
    for body, field in (({"requester": "nobody"}, "requester"), ({"invitee": "nobody"},
                                                                 "invitee")):
        payload = {"requester": maker.organisation.slug, "invitee": firm.organisation.slug,
                   "starts_at": _utc(first_slot(fair)), **body}
        response = api.post(f"/events/{fair.id}/meetings", as_=maker.user, json=payload)
        assert response.status_code == 422
        assert field in error_of(response)["fields"]


def test_a_meeting_request_with_odd_input_is_refused(api, fair, maker, firm):
    good = {"requester": maker.organisation.slug, "invitee": firm.organisation.slug,
            "starts_at": _utc(first_slot(fair))}
    for change, field in (({"starts_at": "tomorrow"}, "starts_at"),
                          ({"message": "x" * 1001}, "message"),
                          ({"invitee": "x" * 81}, "invitee"),
                          ({"table": 1}, "table")):
        response = api.post(f"/events/{fair.id}/meetings", as_=maker.user,
                            json={**good, **change})
        assert response.status_code == 422, change
        assert field in error_of(response)["fields"]
    for missing in ("requester", "starts_at"):
        body = {k: v for k, v in good.items() if k != missing}
        response = api.post(f"/events/{fair.id}/meetings", as_=maker.user, json=body)
        assert missing in error_of(response)["fields"]


def test_an_event_without_meetings_refuses_requests(api, maker, firm):
    event = EventFactory(meetings_enabled=False)

    response = api.post(f"/events/{event.id}/meetings", as_=maker.user, json={
        "requester": maker.organisation.slug, "invitee": firm.organisation.slug,
        "starts_at": "2031-01-01T10:00:00Z"})

    assert response.status_code == 403


def test_requesting_a_meeting_needs_a_token(api, fair, maker, firm):
    response = api.post(f"/events/{fair.id}/meetings", json={})

    assert response.status_code == 401
    assert db.session.scalar(select(Meeting)) is None


def test_requesting_at_an_unknown_event_is_not_found(api, maker, firm):
    response = api.post("/events/999999/meetings", as_=maker.user, json={
        "requester": maker.organisation.slug, "invitee": firm.organisation.slug,
        "starts_at": "2031-01-01T10:00:00Z"})

    assert response.status_code == 404


# Answering ----------------------------------------------------------------------------------


def test_the_invitee_accepts(api, fair, maker, firm):
    meeting = _book(fair, maker, firm)

    response = api.post(f"/meetings/{meeting.id}/accept", as_=firm.user)

    assert response.status_code == 200
    assert response.get_json()["status"] == "accepted"
    assert _status_of(meeting.id) is MeetingStatus.ACCEPTED


def test_the_invitee_declines_and_the_slot_is_free_again(api, fair, maker, firm):
    meeting = _book(fair, maker, firm)

    response = api.post(f"/meetings/{meeting.id}/decline", as_=firm.user)

    assert response.status_code == 200
    assert response.get_json()["status"] == "declined"
    assert db.session.scalar(select(MeetingHold).where(MeetingHold.meeting_id == meeting.id)
                             ) is None


def test_an_answered_meeting_cannot_be_answered_again(api, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    api.post(f"/meetings/{meeting.id}/accept", as_=firm.user)

    for answer in ("accept", "decline"):
        response = api.post(f"/meetings/{meeting.id}/{answer}", as_=firm.user)
        assert response.status_code == 409
        assert error_of(response)["message"] == "This meeting has already been answered."


def test_the_requester_and_outsiders_cannot_answer(api, fair, maker, firm, studio):
    meeting = _book(fair, maker, firm)

    for caller in (maker.user, studio.user, AdminFactory()):
        for answer in ("accept", "decline"):
            response = api.post(f"/meetings/{meeting.id}/{answer}", as_=caller)
            assert response.status_code == 403, (caller, answer)
    assert _status_of(meeting.id) is MeetingStatus.REQUESTED


def test_answering_needs_a_token(api, fair, maker, firm):
    meeting = _book(fair, maker, firm)

    for answer in ("accept", "decline"):
        assert api.post(f"/meetings/{meeting.id}/{answer}").status_code == 401
    assert _status_of(meeting.id) is MeetingStatus.REQUESTED


def test_answering_an_unknown_meeting_is_not_found(api, firm):
    assert api.post("/meetings/999999/accept", as_=firm.user).status_code == 404


# The agenda ---------------------------------------------------------------------------------


def test_the_agenda_lists_both_sides_live_meetings_by_time(api, fair, maker, firm, studio):
    later = _book(fair, maker, firm, nth_slot(fair, 1))
    sooner = _book(fair, studio, maker)
    declined = _book(fair, firm, maker, nth_slot(fair, 2))
    service.answer_meeting(maker.user, declined, accept=False)
    _book(fair, firm, studio, nth_slot(fair, 2))  # not maker's

    response = api.get("/meetings", as_=maker.user)

    assert response.status_code == 200
    assert [m["id"] for m in response.get_json()["items"]] == [sooner.id, later.id]
    assert response.get_json()["items"][0]["requester"]["slug"] == studio.organisation.slug


def test_the_agenda_filters_by_event(api, fair, maker, firm):
    here = _book(fair, maker, firm)
    elsewhere = MeetingFactory(requester=maker.organisation, invitee=firm.organisation)

    def ids(**query):
        return [m["id"] for m in api.get("/meetings", as_=maker.user,
                                         query=query).get_json()["items"]]

    assert ids(event=fair.id) == [here.id]
    assert ids(event=elsewhere.event_id) == [elsewhere.id]
    assert set(ids()) == {here.id, elsewhere.id}


def test_the_agenda_of_someone_without_organisations_is_empty(api, fair, maker, firm):
    _book(fair, maker, firm)

    assert api.get("/meetings", as_=AdminFactory()).get_json()["items"] == []


def test_the_agenda_refuses_an_odd_event_filter(api, maker):
    for value in ("0", "x", str(2**31)):
        response = api.get("/meetings", as_=maker.user, query={"event": value})
        assert response.status_code == 422
        assert "event" in error_of(response)["fields"]


def test_the_agenda_needs_a_token(api):
    assert api.get("/meetings").status_code == 401


def test_the_agenda_asks_the_same_number_of_queries_for_more_meetings(api, count_queries):
    maker = OrganisationFactory(kind=OrgKind.MANUFACTURER)
    user = member_of(maker)
    MeetingFactory(requester=maker)
    api.token_for(user)
    with count_queries() as one:
        api.get("/meetings", as_=user)
    for _ in range(5):
        MeetingFactory(requester=maker)
    with count_queries() as six:
        response = api.get("/meetings", as_=user)

    assert len(response.get_json()["items"]) == 6
    assert six.count == one.count


def test_ids_too_large_for_the_database_are_not_found(api, maker, firm):
    huge = 2**31

    for answer in ("accept", "decline"):
        assert api.post(f"/meetings/{huge}/{answer}", as_=firm.user).status_code == 404
    response = api.post(f"/events/{huge}/meetings", as_=maker.user, json={
        "requester": maker.organisation.slug, "invitee": firm.organisation.slug,
        "starts_at": "2031-01-01T10:00:00Z"})
    assert response.status_code == 404
