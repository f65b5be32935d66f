"""Who may do what on the event pages: only organisers and the park office edit, publish,
cancel, see registrations and check people in; a ticket and its QR code are their holder's
alone."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import segno

from park.events.models import EventStatus, RegistrationStatus
from tests.events.event_browsers import client_as, fresh, post
from tests.factories import AdminFactory, EventFactory, RegistrationFactory, UserFactory
from tests.helpers import page_text, visible_text


@pytest.fixture
def organiser():
    return UserFactory()


@pytest.fixture
def event(organiser):
    return EventFactory(organiser=organiser, title="Fair for organisers")


@pytest.fixture
def stranger_browser(app):
    return client_as(app, UserFactory())


ORGANISER_PAGES = ("/edit", "/registrations", "/check-in")


@pytest.mark.parametrize("suffix", ORGANISER_PAGES)
def test_other_members_may_not_open_organiser_pages(stranger_browser, event, suffix):
    assert stranger_browser.get(f"/events/{event.id}{suffix}").status_code == 403


@pytest.mark.parametrize("suffix", ORGANISER_PAGES)
def test_the_organiser_opens_organiser_pages(app, organiser, event, suffix):
    assert client_as(app, organiser).get(f"/events/{event.id}{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", ORGANISER_PAGES)
def test_the_park_office_opens_organiser_pages(app, event, suffix):
    assert client_as(app, AdminFactory()).get(f"/events/{event.id}{suffix}").status_code == 200


def test_other_members_may_not_edit(stranger_browser, event):
    response = post(stranger_browser, f"/events/{event.id}/edit", {"title": "Hijacked"})

    assert response.status_code == 403
    assert fresh(event).title == "Fair for organisers"


def test_other_members_may_not_publish(stranger_browser, organiser):
    draft = EventFactory(organiser=organiser, status=EventStatus.DRAFT)

    # A draft is not there for them at all.
    assert post(stranger_browser, f"/events/{draft.id}/publish").status_code == 404
    assert fresh(draft).status is EventStatus.DRAFT


def test_other_members_may_not_cancel(stranger_browser, event):
    assert post(stranger_browser, f"/events/{event.id}/cancel").status_code == 403
    assert fresh(event).status is EventStatus.PUBLISHED


def test_other_members_may_not_check_people_in(stranger_browser, event):
    guest = RegistrationFactory(event=event)

    response = post(stranger_browser, f"/events/{event.id}/check-in",
                    {"code": guest.ticket_code})

    assert response.status_code == 403
    assert fresh(guest).checked_in_at is None


def test_organiser_links_show_only_to_organisers(app, organiser, event, stranger_browser):
    edit_link = f'href="/events/{event.id}/edit"'

    assert edit_link in page_text(client_as(app, organiser).get(f"/events/{event.id}"))
    assert edit_link not in page_text(stranger_browser.get(f"/events/{event.id}"))


def test_only_the_park_office_creates_events(stranger_browser):
    assert stranger_browser.get("/admin/events/new").status_code == 403
    assert stranger_browser.get("/admin/events").status_code == 403
    assert stranger_browser.get("/admin/venues").status_code == 403


# Tickets ------------------------------------------------------------------------------------


def test_holder_sees_their_ticket_with_qr_code_name_and_code(app):
    holder = UserFactory(name="Hu Holder")
    ticket = RegistrationFactory(user=holder, event=EventFactory(title="Design week"))

    response = client_as(app, holder).get(f"/tickets/{ticket.id}")

    html = page_text(response)
    assert f'<img class="event-ticket-qr" src="/tickets/{ticket.id}/qr.svg"' in html
    text = visible_text(response)
    assert "Design week" in text and "Hu Holder" in text and ticket.ticket_code in text


def test_another_user_may_not_see_someone_elses_ticket(stranger_browser):
    ticket = RegistrationFactory()

    assert stranger_browser.get(f"/tickets/{ticket.id}").status_code == 403
    assert stranger_browser.get(f"/tickets/{ticket.id}/qr.svg").status_code == 403


def test_not_even_the_organiser_opens_a_ticket(app, organiser, event):
    ticket = RegistrationFactory(event=event)

    browser = client_as(app, organiser)

    assert browser.get(f"/tickets/{ticket.id}").status_code == 403
    assert browser.get(f"/tickets/{ticket.id}/qr.svg").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_for_a_ticket(app):
    ticket = RegistrationFactory()

    response = client_as(app).get(f"/tickets/{ticket.id}/qr.svg")

    assert response.status_code == 302 and "/login" in response.location


def test_qr_code_is_an_svg_image_with_a_title_and_no_inline_style(app):
    holder = UserFactory()
    ticket = RegistrationFactory(user=holder)

    response = client_as(app, holder).get(f"/tickets/{ticket.id}/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "no-store" in response.headers["Cache-Control"]
    svg = ET.fromstring(response.get_data())  # noqa: S314 (our own response)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == f"Ticket {ticket.ticket_code}"
    assert "style" not in response.get_data(as_text=True)


def test_qr_code_holds_the_ticket_code(app):
    holder = UserFactory()
    ticket = RegistrationFactory(user=holder)
    expected = io.BytesIO()
    segno.make(ticket.ticket_code, error="m").save(expected, kind="svg", scale=8, border=4,
                                                    dark="#000", light="#fff",
                                                    title=f"Ticket {ticket.ticket_code}",
                                                    xmldecl=False)

    response = client_as(app, holder).get(f"/tickets/{ticket.id}/qr.svg")

    assert response.get_data() == expected.getvalue()


def test_waitlisted_holder_sees_their_position_and_no_qr_code(app):
    holder = UserFactory()
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, user=holder, status=RegistrationStatus.WAITLISTED)
    browser = client_as(app, holder)

    text = visible_text(browser.get(f"/tickets/{waiting.id}"))

    assert "You are number 1 on the waitlist." in text
    assert browser.get(f"/tickets/{waiting.id}/qr.svg").status_code == 404


def test_unknown_ticket_is_not_found(stranger_browser):
    assert stranger_browser.get("/tickets/999999").status_code == 404
