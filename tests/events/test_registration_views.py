"""Registering through the event page: a place while there is one, the waitlist with its
position after; cancelling promotes the first waiting, who is told by e-mail; and a person's
own list of events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from park.accounts.models import OrgKind, User
from park.events.models import Audience, EventStatus, Registration, RegistrationStatus
from park.extensions import db
from tests.events.event_browsers import cancel_registration, client_as, register
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import flash_texts, page_text, queries_for_page, visible_text


def registration_of(user, event) -> Registration:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.user_id == user.id,
                                                        Registration.event_id == event.id))


def test_registering_confirms_a_place_and_offers_the_ticket(app):
    event = EventFactory(capacity=10)
    user = UserFactory()
    browser = client_as(app, user)

    response = register(browser, event, follow_redirects=True)

    assert flash_texts(response) == ["You are registered. Your ticket is ready."]
    mine = registration_of(user, event)
    assert mine.status is RegistrationStatus.CONFIRMED
    assert f'href="/tickets/{mine.id}"' in page_text(response)
    assert "9 places left of 10" in visible_text(response)


def test_eleventh_registrant_is_waitlisted_with_their_position_shown(app):
    event = EventFactory(capacity=10)
    for _ in range(10):
        RegistrationFactory(event=event)
    browser = client_as(app, UserFactory())

    response = register(browser, event, follow_redirects=True)

    assert flash_texts(response) == [
        "The event is full: you are number 1 on the waitlist."]
    assert "You are number 1 on the waitlist." in visible_text(response)
    assert "Leave the waitlist" in visible_text(response)


def test_full_event_invites_to_join_the_waitlist(app):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    text = visible_text(client_as(app, UserFactory()).get(f"/events/{event.id}"))

    assert "The event is full: if you register, you join the waitlist." in text
    assert "Join the waitlist" in text


def test_cancelling_promotes_the_first_waiting_who_gets_an_email(app, outbox):
    event = EventFactory(capacity=10, title="Motorcycle fair")
    first = UserFactory()
    for index in range(10):
        RegistrationFactory(event=event, user=first if index == 0 else UserFactory())
    eleventh, twelfth = UserFactory(email="eleven@example.com"), UserFactory()
    register(client_as(app, eleventh), event)
    register(client_as(app, twelfth), event)
    outbox.clear()

    response = cancel_registration(client_as(app, first), event, follow_redirects=True)

    assert flash_texts(response) == [
        "Your registration is cancelled and your place goes to the next person."]
    assert registration_of(first, event).status is RegistrationStatus.CANCELLED
    assert registration_of(eleventh, event).status is RegistrationStatus.CONFIRMED
    assert [message.to for message in outbox] == [["eleven@example.com"]]
    assert "Motorcycle fair" in outbox[0].body
    promoted_page = visible_text(client_as(app, eleventh).get(f"/events/{event.id}"))
    assert "You are registered." in promoted_page
    twelfth_page = visible_text(client_as(app, twelfth).get(f"/events/{event.id}"))
    assert "You are number 1 on the waitlist." in twelfth_page


def test_leaving_the_waitlist_moves_the_others_up(app):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    ahead, behind = UserFactory(), UserFactory()
    register(client_as(app, ahead), event)
    behind_browser = client_as(app, behind)
    register(behind_browser, event)

    response = cancel_registration(client_as(app, ahead), event, follow_redirects=True)

    assert flash_texts(response) == ["You have left the waitlist."]
    assert "You are number 1 on the waitlist." in visible_text(
        behind_browser.get(f"/events/{event.id}"))


def test_registering_on_behalf_of_ones_organisation(app):
    firm = OrganisationFactory(name="Toway Design")
    user = member_of(firm)
    event = EventFactory()
    browser = client_as(app, user)
    assert "Toway Design" in visible_text(browser.get(f"/events/{event.id}"))

    response = register(browser, event, firm, follow_redirects=True)

    assert registration_of(user, event).organisation_id == firm.id
    assert "On behalf of Toway Design." in visible_text(response)


def test_registering_on_behalf_of_someone_elses_organisation_is_refused(app):
    other = OrganisationFactory()
    user = member_of(OrganisationFactory())
    event = EventFactory()

    response = register(client_as(app, user), event, other, follow_redirects=True)

    assert flash_texts(response) == ["You can only register on behalf of your own organisation."]
    assert registration_of(user, event) is None


def test_event_for_manufacturers_refuses_a_design_firm_with_a_message(app):
    event = EventFactory(audience=Audience.MANUFACTURERS)
    user = member_of(OrganisationFactory(kind=OrgKind.DESIGN_FIRM))
    browser = client_as(app, user)

    page = visible_text(browser.get(f"/events/{event.id}"))
    assert "This event is open to one audience only: Manufacturers." in page
    response = register(browser, event, follow_redirects=True)

    assert flash_texts(response) == ["This event is open to one audience only: Manufacturers."]
    assert registration_of(user, event) is None


def test_registering_after_registration_closed_is_refused(app):
    event = EventFactory(registration_closes_at=datetime.now(UTC) - timedelta(hours=1))
    user = UserFactory()

    response = register(client_as(app, user), event, follow_redirects=True)

    assert flash_texts(response) == ["Registration for this event is not open."]
    assert registration_of(user, event) is None


def test_registering_twice_is_refused(app):
    event = EventFactory()
    user = UserFactory()
    browser = client_as(app, user)
    register(browser, event)

    response = register(browser, event, follow_redirects=True)

    assert flash_texts(response) == ["You are already registered for this event."]


def test_a_draft_cannot_be_registered_for(app):
    draft = EventFactory(status=EventStatus.DRAFT)

    assert register(client_as(app, UserFactory()), draft).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_to_register(app):
    event = EventFactory()
    browser = client_as(app)

    response = register(browser, event)

    assert response.status_code == 302 and "/login" in response.location


# My events --------------------------------------------------------------------------------------


def test_my_events_lists_upcoming_first_then_past_with_positions_and_tickets(app):
    user = UserFactory()
    now = datetime.now(UTC)
    past = EventFactory(title="Fair of last month", starts_at=now - timedelta(days=30))
    later = EventFactory(title="Fair in two months", starts_at=now + timedelta(days=60))
    sooner = EventFactory(title="Fair next week", starts_at=now + timedelta(days=7), capacity=1)
    RegistrationFactory(event=sooner)
    mine_past = RegistrationFactory(event=past, user=user)
    mine_later = RegistrationFactory(event=later, user=user)
    register(client_as(app, UserFactory()), sooner)  # someone ahead on the waitlist
    browser = client_as(app, user)
    register(browser, sooner)

    response = browser.get("/my/events")

    text = visible_text(response)
    assert text.index("Fair next week") < text.index("Fair in two months") < text.index(
        "Fair of last month")
    assert "You are number 2 on the waitlist." in text
    html = page_text(response)
    assert f'href="/tickets/{mine_later.id}"' in html
    assert f'href="/tickets/{mine_past.id}"' in html


def test_my_events_leaves_out_other_peoples_and_cancelled_registrations(app):
    user = UserFactory()
    RegistrationFactory(event=EventFactory(title="Someone else's fair"))
    RegistrationFactory(event=EventFactory(title="Given up fair"), user=user,
                        status=RegistrationStatus.CANCELLED)

    text = visible_text(client_as(app, user).get("/my/events"))

    assert "Someone else's fair" not in text
    assert "Given up fair" not in text
    assert "You have not registered for any event" in text


def test_my_events_asks_a_fixed_number_of_queries(app, count_queries):
    user = UserFactory()
    user_id = user.id
    browser = client_as(app, user)
    for _ in range(2):
        RegistrationFactory(event=EventFactory(), user=user,
                            organisation=OrganisationFactory())
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, user=user, status=RegistrationStatus.WAITLISTED)
    few = queries_for_page(browser, count_queries, "/my/events")
    user = db.session.get(User, user_id)
    for _ in range(10):
        RegistrationFactory(event=EventFactory(), user=user,
                            organisation=OrganisationFactory())
    for _ in range(3):
        crowded = EventFactory(capacity=1)
        RegistrationFactory(event=crowded)
        RegistrationFactory(event=crowded, user=user, status=RegistrationStatus.WAITLISTED)

    assert queries_for_page(browser, count_queries, "/my/events") == few
