"""The park office publishes a matchmaking fair; firms and manufacturers register; the
eleventh waits and gets the place when someone cancels; a manufacturer books a meeting with a
firm, and both find it on their agenda and in their calendar feed."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from playwright.sync_api import expect

from park.accounts.models import OrgKind, OrgRole
from park.events import registration as registrations
from park.events.models import EventStatus
from tests.browser.helpers import log_in
from tests.factories import (
    AdminFactory,
    EventFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)


def _page_for(chromium_browser, live_server, user):
    context = chromium_browser.new_context(locale="en-GB", viewport={"width": 1280,
                                                                     "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "Give up your place?" and the like
    log_in(page, live_server, user.email)
    return page


def _feed_events(page, live_server) -> list[str]:
    """Make the user's calendar feed and read it as a calendar app would."""
    page.goto(live_server + "/profile/calendar")
    page.get_by_role("button", name="Make my feed address").click()
    url = page.locator("#feed-url").input_value()
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    return [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")]


def test_fair_fills_up_promotes_from_the_waitlist_and_books_a_meeting(
        page, chromium_browser, live_server, db):
    admin = AdminFactory()
    fair = EventFactory(title="Motorcycle design matchmaking fair", capacity=10,
                        status=EventStatus.DRAFT, meetings_enabled=True, meeting_tables=5)
    fair.meetings_start_at = fair.starts_at + timedelta(hours=1)
    fair.meetings_end_at = fair.starts_at + timedelta(hours=3)
    firm = OrganisationFactory(name="Yubei Design")
    maker = OrganisationFactory(name="Fengchi Motorcycle", kind=OrgKind.MANUFACTURER)
    db.session.commit()

    # The park office publishes the draft.
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/events/{fair.id}")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is published: it is on the calendar")).to_be_visible()

    # Nine people are already in; a manufacturer takes the tenth place in the browser.
    early = [UserFactory() for _ in range(9)]
    db.session.refresh(fair)
    for person in early:
        registrations.register(person, fair)
    buyer = member_of(maker, OrgRole.OWNER, name="Bo Buyer")
    buyer_page = _page_for(chromium_browser, live_server, buyer)
    buyer_page.goto(f"{live_server}/events/{fair.id}")
    buyer_page.get_by_label("On behalf of").select_option(label="Fengchi Motorcycle")
    buyer_page.get_by_role("button", name="Register").click()
    expect(buyer_page.get_by_text("You are registered. On behalf of Fengchi Motorcycle."
                                  )).to_be_visible()

    # The eleventh, from a design firm, joins the waitlist and sees their place in it.
    designer = member_of(firm, OrgRole.OWNER, name="Dan Designer")
    designer_page = _page_for(chromium_browser, live_server, designer)
    designer_page.goto(f"{live_server}/events/{fair.id}")
    designer_page.get_by_label("On behalf of").select_option(label="Yubei Design")
    designer_page.get_by_role("button", name="Join the waitlist").click()
    expect(designer_page.locator(".event-waitlist-position")).to_have_text(
        "You are number 1 on the waitlist.")

    # Someone gives up their place; the first on the waitlist gets it.
    quitter_page = _page_for(chromium_browser, live_server, early[0])
    quitter_page.goto(f"{live_server}/events/{fair.id}")
    quitter_page.get_by_role("button", name="Cancel my registration").click()
    designer_page.reload()
    expect(designer_page.get_by_text("You are registered. On behalf of Yubei Design."
                                     )).to_be_visible()

    # The manufacturer asks the firm for a meeting; the firm accepts on its agenda.
    buyer_page.goto(f"{live_server}/events/{fair.id}/meetings")
    buyer_page.get_by_label("Meet with").select_option(label="Yubei Design")
    buyer_page.get_by_label("Slot").select_option(index=1)
    buyer_page.get_by_role("button", name="Request meeting").click()
    expect(buyer_page.get_by_text("Meeting requested with Yubei Design at table 1.")
           ).to_be_visible()
    designer_page.goto(f"{live_server}/events/{fair.id}/agenda")
    designer_page.get_by_role("button", name="Accept").click()
    for agenda, counterpart in ((designer_page, "Fengchi Motorcycle"),
                                (buyer_page, "Yubei Design")):
        agenda.goto(f"{live_server}/events/{fair.id}/agenda")
        row = agenda.locator("table.agenda-table tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(counterpart)
        expect(row).to_contain_text("Accepted")

    # Both calendars carry the fair and the meeting.
    for person_page, counterpart in ((buyer_page, "Yubei Design"),
                                     (designer_page, "Fengchi Motorcycle")):
        summaries = _feed_events(person_page, live_server)
        assert "Motorcycle design matchmaking fair" in summaries
        assert any(counterpart in summary for summary in summaries), summaries
