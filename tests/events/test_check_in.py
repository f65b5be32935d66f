"""Checking people in at the door: a scanned ticket code checks its holder in at once, a name
searches; nobody is checked in twice, and attendance is counted."""

from __future__ import annotations

import re

import pytest

from park.events.models import RegistrationStatus
from tests.events.event_browsers import client_as, fresh, post
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.helpers import flash_texts, page_text, visible_text


@pytest.fixture
def organiser():
    return UserFactory(name="Olga Organiser")


@pytest.fixture
def event(organiser):
    return EventFactory(organiser=organiser, capacity=10)


@pytest.fixture
def desk(app, organiser):
    """The organiser's browser at the check-in desk."""
    return client_as(app, organiser)


def check_in_url(event) -> str:
    return f"/events/{event.id}/check-in"


def test_scanning_a_ticket_code_checks_its_holder_in(desk, event):
    guest = RegistrationFactory(event=event, user=UserFactory(name="Gao Guest"))
    RegistrationFactory(event=event)

    response = post(desk, check_in_url(event), {"code": guest.ticket_code},
                    follow_redirects=True)

    assert flash_texts(response) == ["Gao Guest is checked in."]
    assert fresh(guest).checked_in_at is not None
    assert "1 of 2 checked in" in visible_text(response)


def test_scanned_code_in_capitals_with_spaces_is_still_found(desk, event):
    guest = RegistrationFactory(event=event)

    post(desk, check_in_url(event), {"code": f"  {guest.ticket_code.upper()} "})

    assert fresh(guest).checked_in_at is not None


def test_checking_in_twice_is_refused_with_a_message(desk, event):
    guest = RegistrationFactory(event=event, user=UserFactory(name="Gao Guest"))
    post(desk, check_in_url(event), {"code": guest.ticket_code})
    first = fresh(guest).checked_in_at

    response = post(desk, check_in_url(event), {"code": guest.ticket_code},
                    follow_redirects=True)

    assert flash_texts(response) == ["Gao Guest is already checked in."]
    assert fresh(guest).checked_in_at == first
    assert "1 of 1 checked in" in visible_text(response)


def test_an_unknown_ticket_code_is_refused(desk, event):
    response = post(desk, check_in_url(event), {"code": "0" * 32}, follow_redirects=True)

    assert flash_texts(response) == [f"No ticket for this event has the code {'0' * 32}."]


def test_a_ticket_for_another_event_is_not_accepted(desk, event):
    elsewhere = RegistrationFactory()

    response = post(desk, check_in_url(event), {"code": elsewhere.ticket_code},
                    follow_redirects=True)

    assert "No ticket for this event has the code" in flash_texts(response)[0]
    assert fresh(elsewhere).checked_in_at is None


def test_typing_a_name_searches_and_a_button_checks_the_person_in(desk, event):
    guest = RegistrationFactory(event=event, user=UserFactory(name="Wen Li"),
                                organisation=OrganisationFactory(name="Sichuan Fine Arts"))
    RegistrationFactory(event=event, user=UserFactory(name="Zhang Wei"))

    results = post(desk, check_in_url(event), {"code": "wen"}, follow_redirects=True)

    text = visible_text(results)
    assert "Results for “wen”" in text
    assert "Wen Li" in text and "Sichuan Fine Arts" in text
    assert "Zhang Wei" not in text
    response = post(desk, check_in_url(event), {"registration_id": guest.id, "q": "wen"},
                    follow_redirects=True)
    assert flash_texts(response) == ["Wen Li is checked in."]
    assert "Checked in" in visible_text(response)


def test_search_finds_people_by_their_organisation(desk, event):
    RegistrationFactory(event=event, user=UserFactory(name="Li Lei"),
                        organisation=OrganisationFactory(name="Loncin Motor"))

    text = visible_text(desk.get(check_in_url(event) + "?q=loncin"))

    assert "Li Lei" in text


def test_waitlisted_person_is_shown_but_cannot_be_checked_in(desk, event):
    waiting = RegistrationFactory(event=event, user=UserFactory(name="Wu Wait"),
                                  status=RegistrationStatus.WAITLISTED)

    text = visible_text(desk.get(check_in_url(event) + "?q=wu"))
    assert "On the waitlist" in text
    response = post(desk, check_in_url(event), {"registration_id": waiting.id},
                    follow_redirects=True)

    assert flash_texts(response) == ["Only a confirmed registration can be checked in."]
    assert fresh(waiting).checked_in_at is None


def test_checking_in_a_registration_of_another_event_is_not_found(desk, event):
    elsewhere = RegistrationFactory()

    response = post(desk, check_in_url(event), {"registration_id": elsewhere.id})

    assert response.status_code == 404
    assert fresh(elsewhere).checked_in_at is None


def test_code_field_has_focus_for_a_barcode_scanner(desk, event):
    field = re.search(r'<input[^>]*id="code"[^>]*>', page_text(desk.get(check_in_url(event))))

    assert field and "autofocus" in field.group(0)


def test_empty_search_asks_for_a_ticket_or_name(desk, event):
    response = post(desk, check_in_url(event), {"code": "  "})

    assert response.status_code == 422
    assert "Scan a ticket or type a name to search." in visible_text(response)


def test_registrations_page_lists_the_waitlist_in_order_with_positions(desk, event):
    full = EventFactory(organiser=event.organiser, capacity=1)
    RegistrationFactory(event=full, user=UserFactory(name="Confirmed Cao"))
    RegistrationFactory(event=full, user=UserFactory(name="First Fu"),
                        status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=full, user=UserFactory(name="Second Song"),
                        status=RegistrationStatus.WAITLISTED)

    confirmed = visible_text(desk.get(f"/events/{full.id}/registrations"))
    waitlist = visible_text(desk.get(f"/events/{full.id}/registrations?show=waitlist"))

    assert "Confirmed Cao" in confirmed and "First Fu" not in confirmed
    assert "1 First Fu" in waitlist and "2 Second Song" in waitlist
    assert waitlist.index("First Fu") < waitlist.index("Second Song")


def test_registrations_page_marks_who_is_checked_in(desk, event):
    guest = RegistrationFactory(event=event, user=UserFactory(name="Gao Guest"))
    post(desk, check_in_url(event), {"code": guest.ticket_code})

    text = visible_text(desk.get(f"/events/{event.id}/registrations"))

    assert "1 of 1 checked in" in text
    assert "Not yet" not in text
