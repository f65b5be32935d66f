"""B2B meetings: slots and participants, booking a table for two organisations, answering and
cancelling, the grid and request form, and each participant's own agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from park.accounts.models import OrgKind
from park.core.errors import DomainError
from park.core.notifications import Notification
from park.events import meetings as service
from park.events.meeting_forms import slot_value
from park.events.models import MeetingHold, MeetingStatus, RegistrationStatus
from park.events.notices import MEETING_ACCEPTED, MEETING_DECLINED, MEETING_REQUESTED
from park.extensions import db
from tests.conftest import post_form
from tests.events.meeting_setup import first_slot, meeting_fair, nth_slot, take_part
from tests.factories import (
    EventFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import field_errors, flash_texts, page_text, visible_text


@pytest.fixture
def fair():
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


def _holds(meeting_id=None) -> set[str]:
    db.session.expire_all()
    query = select(MeetingHold.resource)
    if meeting_id is not None:
        query = query.where(MeetingHold.meeting_id == meeting_id)
    return set(db.session.scalars(query))


def _kinds_for(user) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification.kind)
                                   .where(Notification.user_id == user.id)))


def _book(fair, requester, invitee, slot=None, message=""):
    return service.request_meeting(requester.user, fair, requester.organisation,
                                   invitee.organisation, slot or first_slot(fair), message)


# Slots and participants ---------------------------------------------------------------------


def test_slots_run_from_the_first_meeting_to_the_last_in_steps_of_the_meeting_length(fair):
    start = first_slot(fair)
    assert service.meeting_slots(fair) == [start, start + timedelta(minutes=20),
                                           start + timedelta(minutes=40)]


def test_an_event_without_meetings_has_no_slots():
    assert service.meeting_slots(EventFactory()) == []


def test_participants_are_organisations_with_a_confirmed_registration(fair, maker, firm):
    waiting_org = OrganisationFactory(name="Waiting Works")
    RegistrationFactory(event=fair, user=member_of(waiting_org), organisation=waiting_org,
                        status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=fair, user=UserFactory())  # for themself only

    assert [o.name for o in service.participants(fair)] == ["Fengchi Motors", "Lotus Design"]


# Requesting ---------------------------------------------------------------------------------


def test_a_request_takes_the_lowest_free_table_and_holds_both_parties(fair, maker, firm):
    meeting = _book(fair, maker, firm, message="Fuel tank shapes")

    assert meeting.status is MeetingStatus.REQUESTED
    assert meeting.table_number == 1
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=20)
    assert _holds(meeting.id) == {"table:1", f"org:{maker.organisation.id}",
                                  f"org:{firm.organisation.id}"}


def test_the_next_request_in_the_same_slot_gets_the_next_table(fair, maker, firm, studio):
    third = take_part(fair, "Zongshen Parts", OrgKind.MANUFACTURER)
    _book(fair, maker, firm)

    assert _book(fair, third, studio).table_number == 2


def test_the_invitees_members_are_notified_and_emailed(fair, maker, firm, outbox):
    colleague = member_of(firm.organisation, name="Lotus colleague")

    _book(fair, maker, firm)

    assert _kinds_for(firm.user) == [MEETING_REQUESTED]
    assert _kinds_for(colleague) == [MEETING_REQUESTED]
    assert _kinds_for(maker.user) == []
    assert {m.to[0] for m in outbox} == {firm.user.email, colleague.email}
    assert "Fengchi Motors asks Lotus Design for a meeting" in outbox[0].body


def test_an_invitee_already_booked_in_the_slot_is_refused_by_name(fair, maker, firm, studio):
    _book(fair, maker, firm)

    with pytest.raises(DomainError) as refused:
        _book(fair, studio, firm)

    assert str(refused.value.message) == "Lotus Design is already booked at 18:00."
    assert refused.value.field == "starts_at"


def test_a_requester_already_booked_in_the_slot_is_refused(fair, maker, firm, studio):
    _book(fair, maker, firm)

    with pytest.raises(DomainError) as refused:
        _book(fair, maker, studio)

    assert str(refused.value.message) == "Fengchi Motors is already booked at 18:00."


def test_the_same_pair_may_meet_in_another_slot(fair, maker, firm):
    _book(fair, maker, firm)

    later = _book(fair, maker, firm, slot=nth_slot(fair, 1))

    assert later.table_number == 1


def test_a_slot_with_every_table_taken_is_refused(maker, firm, studio):
    fair = meeting_fair(tables=1)
    a, b = take_part(fair, "A Firm"), take_part(fair, "B Maker", OrgKind.MANUFACTURER)
    c, d = take_part(fair, "C Firm"), take_part(fair, "D Maker", OrgKind.MANUFACTURER)
    _book(fair, a, b)

    with pytest.raises(DomainError) as refused:
        _book(fair, c, d)

    assert str(refused.value.message) == "All tables are taken at 18:00."


def test_an_organisation_not_taking_part_cannot_be_invited(fair, maker):
    outsider = OrganisationFactory(name="Absent Atelier")
    member_of(outsider)

    with pytest.raises(DomainError) as refused:
        service.request_meeting(maker.user, fair, maker.organisation, outsider,
                                first_slot(fair), "")

    assert str(refused.value.message) == "Absent Atelier is not registered for this event."


def test_only_a_member_can_request_for_an_organisation(fair, maker, firm, studio):
    with pytest.raises(DomainError) as refused:
        service.request_meeting(studio.user, fair, maker.organisation, firm.organisation,
                                first_slot(fair), "")

    assert refused.value.field == "requester"


def test_a_time_that_is_not_a_slot_is_refused(fair, maker, firm):
    with pytest.raises(DomainError) as refused:
        _book(fair, maker, firm, slot=first_slot(fair) + timedelta(minutes=7))

    assert str(refused.value.message) == "Please choose one of the event's meeting slots."


def test_an_organisation_cannot_meet_itself(fair, maker):
    with pytest.raises(DomainError) as refused:
        service.request_meeting(maker.user, fair, maker.organisation, maker.organisation,
                                first_slot(fair), "")

    assert refused.value.field == "invitee"


# Answering and cancelling -------------------------------------------------------------------


def test_accepting_keeps_the_holds_and_tells_the_requester(fair, maker, firm):
    meeting = _book(fair, maker, firm)

    service.answer_meeting(firm.user, meeting, accept=True)

    assert meeting.status is MeetingStatus.ACCEPTED
    assert len(_holds(meeting.id)) == 3
    assert _kinds_for(maker.user) == [MEETING_ACCEPTED]


def test_declining_frees_the_slot_and_tells_the_requester(fair, maker, firm, studio):
    meeting = _book(fair, maker, firm)

    service.answer_meeting(firm.user, meeting, accept=False)

    assert meeting.status is MeetingStatus.DECLINED
    assert _holds(meeting.id) == set()
    assert _kinds_for(maker.user) == [MEETING_DECLINED]
    assert _book(fair, studio, firm).table_number == 1


def test_the_requester_cannot_answer_their_own_request(fair, maker, firm):
    meeting = _book(fair, maker, firm)

    with pytest.raises(DomainError):
        service.answer_meeting(maker.user, meeting, accept=True)


def test_a_meeting_is_answered_only_once(fair, maker, firm):
    meeting = _book(fair, maker, firm)
    service.answer_meeting(firm.user, meeting, accept=True)

    with pytest.raises(DomainError) as refused:
        service.answer_meeting(firm.user, meeting, accept=False)

    assert str(refused.value.message) == "This meeting has already been answered."


def test_either_party_can_cancel_and_the_slot_is_free_again(fair, maker, firm):
    meeting = _book(fair, maker, firm)
    service.answer_meeting(firm.user, meeting, accept=True)

    service.cancel_meeting(maker.user, meeting)

    assert meeting.status is MeetingStatus.CANCELLED
    assert _holds() == set()
    assert _book(fair, maker, firm).status is MeetingStatus.REQUESTED


def test_the_other_party_is_told_when_a_meeting_is_called_off(fair, maker, firm, outbox):
    meeting = _book(fair, maker, firm)
    service.answer_meeting(firm.user, meeting, accept=True)
    outbox.clear()

    service.cancel_meeting(maker.user, meeting)

    assert [m.to[0] for m in outbox] == [firm.user.email]
    assert "Fengchi Motors called off the meeting" in outbox[0].body
    assert "meeting.cancelled" in _kinds_for(firm.user)


def test_someone_else_cannot_cancel(fair, maker, firm, studio):
    meeting = _book(fair, maker, firm)

    with pytest.raises(DomainError):
        service.cancel_meeting(studio.user, meeting)


# The grid and the request form --------------------------------------------------------------


def test_the_grid_shows_who_is_busy_without_saying_with_whom(client, login, fair, maker, firm,
                                                              studio):
    _book(fair, maker, firm)
    login(studio.user)

    response = client.get(f"/events/{fair.id}/meetings")

    text = visible_text(response)
    assert response.status_code == 200
    assert "Fengchi Motors Busy Free Free" in text
    assert "Lotus Design Busy Free Free" in text
    assert "Toway Studio you Free Free Free" in text
    assert "Tables free 1 2 2" in text
    assert "Request a meeting" in text


def test_a_free_cell_fills_in_the_request_form(client, login, fair, maker, firm):
    login(maker.user)
    slot = slot_value(nth_slot(fair, 1))

    response = client.get(f"/events/{fair.id}/meetings?invitee={firm.organisation.id}"
                          f"&slot={slot}")

    html = page_text(response)
    assert f'<option selected value="{firm.organisation.id}">Lotus Design</option>' in html
    assert f'<option selected value="{slot}">18:20–18:40</option>' in html


def test_someone_whose_organisation_is_not_taking_part_is_told_to_register(client, login,
                                                                            fair, maker):
    outsider = member_of(OrganisationFactory(name="Late Lab"))
    login(outsider)

    response = client.get(f"/events/{fair.id}/meetings")

    text = visible_text(response)
    assert "Register on behalf of your organisation to book meetings." in text
    assert "Fengchi Motors" not in text


def test_an_event_without_meetings_has_no_meeting_page(client, login):
    event = EventFactory()
    login(UserFactory())

    assert client.get(f"/events/{event.id}/meetings").status_code == 403


def test_the_meeting_page_needs_a_login(client, fair):
    response = client.get(f"/events/{fair.id}/meetings")

    assert response.status_code == 302 and "/login" in response.location


def test_requesting_from_the_form_books_and_shows_the_agenda(client, login, fair, maker, firm):
    login(maker.user)

    response = post_form(client, f"/events/{fair.id}/meetings", {
        "requester": maker.organisation.id, "invitee": firm.organisation.id,
        "starts_at": slot_value(first_slot(fair)), "message": "Tank shapes",
    }, page=f"/events/{fair.id}/meetings", follow_redirects=True)

    assert flash_texts(response) == [
        "Meeting requested with Lotus Design at table 1. They have been told."]
    assert "18:00–18:20 1 Lotus Design Requested awaiting their answer" in \
        visible_text(response)


def test_a_double_booking_from_the_form_is_refused_next_to_the_slot(client, login, fair, maker,
                                                                     firm, studio):
    _book(fair, studio, firm)
    login(maker.user)

    response = post_form(client, f"/events/{fair.id}/meetings", {
        "requester": maker.organisation.id, "invitee": firm.organisation.id,
        "starts_at": slot_value(first_slot(fair)),
    }, page=f"/events/{fair.id}/meetings")

    assert response.status_code == 422
    assert field_errors(response, "starts_at") == ["Lotus Design is already booked at 18:00."]


def test_the_form_asks_for_the_organisation_to_meet(client, login, fair, maker, firm):
    login(maker.user)

    response = post_form(client, f"/events/{fair.id}/meetings", {
        "requester": maker.organisation.id, "invitee": "",
        "starts_at": slot_value(first_slot(fair)),
    }, page=f"/events/{fair.id}/meetings")

    assert response.status_code == 422
    assert field_errors(response, "invitee") == ["Please choose the organisation to meet."]


def test_a_request_for_someone_elses_organisation_is_refused(client, login, fair, maker, firm,
                                                              studio):
    login(studio.user)

    response = post_form(client, f"/events/{fair.id}/meetings", {
        "requester": maker.organisation.id, "invitee": firm.organisation.id,
        "starts_at": slot_value(first_slot(fair)),
    }, page=f"/events/{fair.id}/meetings")

    assert response.status_code == 422
    assert field_errors(response, "requester") == ["Not a valid choice."]


# The agenda ---------------------------------------------------------------------------------


def test_the_agenda_shows_an_incoming_request_with_accept_and_decline(client, login, fair,
                                                                       maker, firm):
    _book(fair, maker, firm, message="Let us talk about fuel tanks")
    login(firm.user)

    response = client.get(f"/events/{fair.id}/agenda")

    text = visible_text(response)
    assert "1 request waits for your answer" in text
    assert "Fengchi Motors asks Lotus Design to meet 18:00–18:20 , table 1" in text
    assert "Let us talk about fuel tanks" in text
    assert "Accept Decline" in text


def test_accepting_from_the_agenda_confirms_the_meeting(client, login, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    login(firm.user)

    response = post_form(client, f"/events/{fair.id}/meetings/{meeting.id}/accept", {},
                         page=f"/events/{fair.id}/agenda", follow_redirects=True)

    assert flash_texts(response) == ["You accepted the meeting with Fengchi Motors."]
    assert "18:00–18:20 1 Fengchi Motors Accepted" in visible_text(response)


def test_declining_from_the_agenda_removes_the_meeting(client, login, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    login(firm.user)

    response = post_form(client, f"/events/{fair.id}/meetings/{meeting.id}/decline", {},
                         page=f"/events/{fair.id}/agenda", follow_redirects=True)

    assert flash_texts(response) == ["You declined the meeting with Fengchi Motors."]
    assert "No meetings yet." in visible_text(response)
    assert _holds() == set()


def test_the_requester_cannot_accept_from_the_agenda(client, login, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    login(maker.user)

    response = post_form(client, f"/events/{fair.id}/meetings/{meeting.id}/accept", {},
                         page=f"/events/{fair.id}/agenda")

    assert response.status_code == 403


def test_cancelling_from_the_agenda_frees_the_slot(client, login, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    login(maker.user)

    response = post_form(client, f"/events/{fair.id}/meetings/{meeting.id}/cancel", {},
                         page=f"/events/{fair.id}/agenda", follow_redirects=True)

    assert flash_texts(response) == [
        "The meeting has been cancelled; its slot and table are free again."]
    assert _holds() == set()


def test_a_meeting_of_another_event_is_not_found_here(client, login, fair, maker, firm):
    meeting = _book(fair, maker, firm)
    other = meeting_fair()
    login(firm.user)

    response = post_form(client, f"/events/{other.id}/meetings/{meeting.id}/accept", {},
                         page=f"/events/{fair.id}/agenda")

    assert response.status_code == 404


def test_an_agenda_never_shows_other_organisations_meetings(client, login, fair, maker, firm,
                                                            studio):
    _book(fair, maker, firm)
    login(studio.user)

    response = client.get(f"/events/{fair.id}/agenda")

    text = visible_text(response)
    assert "No meetings yet." in text
    assert "Fengchi Motors" not in text and "Lotus Design" not in text


def test_the_agenda_shows_the_users_place(client, login, fair, maker):
    login(maker.user)

    text = visible_text(client.get(f"/events/{fair.id}/agenda"))

    assert "Your place Confirmed" in text
    assert "On behalf of Fengchi Motors" in text


def test_the_agenda_says_when_the_user_is_not_registered(client, login, fair):
    login(UserFactory())

    assert "You are not registered for this event." in visible_text(
        client.get(f"/events/{fair.id}/agenda"))


def test_the_agenda_asks_a_bounded_number_of_queries(client, login, count_queries, fair, maker):
    for index in range(6):
        other = take_part(fair, f"Firm {index}")
        MeetingFactory(event=fair, requester=maker.organisation, invitee=other.organisation,
                       starts_at=nth_slot(fair, index % 3), table_number=index + 1,
                       status=MeetingStatus.ACCEPTED)
    login(maker.user)
    path = f"/events/{fair.id}/agenda"
    db.session.remove()

    with count_queries() as counter:
        response = client.get(path)

    assert response.status_code == 200
    assert counter.count <= 8, counter.statements


def test_the_grid_asks_a_bounded_number_of_queries(client, login, count_queries, fair, maker):
    for index in range(8):
        take_part(fair, f"Firm {index}")
    login(maker.user)
    path = f"/events/{fair.id}/meetings"
    db.session.remove()

    with count_queries() as counter:
        response = client.get(path)

    assert response.status_code == 200
    assert counter.count <= 8, counter.statements
