"""A match's page and its moves, made by the right side through the page: shortlisting, asking
for and making an introduction, declining and withdrawing with a reason, proposing a meeting
(in an event's one-to-one slot or at a time and place), converting into a project; who may
see and move a match; and the provider's inbox."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from park.accounts.models import Organisation, OrgKind, User
from park.core.time import park_today, park_zone
from park.events.models import Meeting, MeetingStatus
from park.extensions import db
from park.matching import services
from park.matching.forms import slot_value
from park.matching.lifecycle import MatchAction
from park.matching.models import Discipline, MatchStatus, NeedInvitation, NeedStatus
from park.projects.models import Project, ProjectRole
from tests.conftest import post_form
from tests.events.meeting_setup import first_slot, meeting_fair
from tests.factories import (
    AdminFactory,
    OrganisationFactory,
    RegistrationFactory,
    TeamFactory,
    TeamMemberFactory,
    UserFactory,
    member_of,
)
from tests.helpers import field_errors, flash_texts, redirect_path, visible_text
from tests.matching.match_setup import (
    Side,
    browser,
    design_firm,
    fresh,
    interest,
    kinds_for,
    manufacturer,
    post,
    posted_need,
)


@pytest.fixture
def maker():
    return manufacturer()


@pytest.fixture
def firm():
    return design_firm()


@pytest.fixture
def need(maker):
    return posted_need(maker)


@pytest.fixture
def match(need, firm, outbox):
    made = interest(need, firm)
    outbox.clear()
    return made


@pytest.fixture
def admin():
    return AdminFactory(name="Park Office Zhang")


def match_path(match) -> str:
    return f"/matches/{match.id}"


def move(client, match, action: str, note: str = "", version: int | None = None, **kwargs):
    """Submit one move's form from the match page, as the person there would."""
    return post_form(client, f"/matches/{match.id}/move/{action}",
                     {"version": match.version if version is None else version, "note": note},
                     page=match_path(match), **kwargs)


def history(response) -> str:
    """The history's text, each move read "from → to" (the arrow's words are for screen
    readers only)."""
    text = visible_text(response)
    return text[text.index("History"):text.index("What you can do")].replace("→ to ", "→ ")


# The page ------------------------------------------------------------------------------------


def test_the_owner_sees_the_need_the_provider_its_message_and_the_first_step(app, match,
                                                                              maker):
    response = browser(app, maker.user).get(match_path(match))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Lotus Design for “Electric motorcycle fairing”" in text
    assert "Posted by Fengchi Motors" in text
    assert "We did three fairings last year." in text
    assert "Designer Li started the match: Interested" in history(response)
    assert f'href="/needs/{match.need_id}"' in response.get_data(as_text=True)
    assert f'href="/directory/{match.provider.slug}"' in response.get_data(as_text=True)


def test_the_owner_is_offered_the_owners_moves_and_the_provider_only_withdrawal(app, match,
                                                                                maker, firm):
    owner_page = browser(app, maker.user).get(match_path(match)).get_data(as_text=True)
    provider_page = browser(app, firm.user).get(match_path(match)).get_data(as_text=True)

    base = match_path(match)
    for target in (f"{base}/move/shortlist", f"{base}/move/request-intro", f"{base}/meeting",
                   f"{base}/convert", f"{base}/move/decline"):
        assert target in owner_page
        assert target not in provider_page
    assert f"{base}/move/withdraw" not in owner_page
    assert f"{base}/move/withdraw" in provider_page


def test_the_step_indicator_marks_where_the_match_stands(app, match, maker):
    services.move_match(maker.user, match, MatchAction.SHORTLIST, expected_version=match.version)

    html = browser(app, maker.user).get(match_path(match)).get_data(as_text=True)

    assert 'class="match-step match-step-done match-step-interested"' in html
    assert 'class="match-step match-step-current match-step-contact" aria-current="step"' in html
    assert 'class="match-step match-step-todo match-step-meeting"' in html


# Each move, by the right side ----------------------------------------------------------------


def test_the_owner_shortlists_and_the_provider_is_told(app, match, maker, firm, outbox):
    client = browser(app, maker.user)

    response = move(client, match, "shortlist")

    assert redirect_path(response) == match_path(match)
    page = client.get(match_path(match))
    assert "Lotus Design is on your shortlist. They have been told." in flash_texts(page)
    assert fresh(match).status is MatchStatus.SHORTLISTED
    assert "Interested → Shortlisted" in history(page)
    assert kinds_for(firm.user) == ["match.shortlisted"]
    assert [m.to for m in outbox] == [[firm.user.email]]
    assert "Fengchi Motors shortlisted Lotus Design" in outbox[0].body


def test_the_owner_asks_for_an_introduction_and_the_park_office_is_told(app, match, maker,
                                                                        admin, outbox):
    client = browser(app, maker.user)

    move(client, match, "request-intro", note="Please present them to our CTO.")

    page = client.get(match_path(match))
    assert fresh(match).status is MatchStatus.INTRO_REQUESTED
    assert "Please present them to our CTO." in history(page)
    assert kinds_for(admin) == ["match.intro_requested"]
    assert [m.to for m in outbox] == [[admin.email]]


def test_the_park_office_introduces_them_and_both_sides_are_told(app, match, maker, firm,
                                                                 admin, outbox):
    services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                        expected_version=match.version)
    outbox.clear()
    client = browser(app, admin)

    response = move(client, match, "introduce", note="Meet at the design week.")

    assert redirect_path(response) == match_path(match)
    page = client.get(match_path(match))
    assert fresh(match).status is MatchStatus.INTRODUCED
    assert "Introduction requested → Introduced" in history(page)
    assert "Park Office Zhang" in history(page)
    assert kinds_for(maker.user)[-1] == "match.introduced"
    assert kinds_for(firm.user) == ["match.introduced"]
    assert sorted(m.to[0] for m in outbox) == sorted([maker.user.email, firm.user.email])
    assert "Meet at the design week." in outbox[0].body


def test_the_owner_declines_with_a_reason_the_provider_reads(app, match, maker, firm, outbox):
    client = browser(app, maker.user)

    move(client, match, "decline", note="We chose a firm with mould experience.")

    page = client.get(match_path(match))
    text = visible_text(page)
    assert fresh(match).status is MatchStatus.DECLINED
    assert "Declined by Fengchi Motors: We chose a firm with mould experience." in text
    assert "Interested → Declined" in history(page)
    assert kinds_for(firm.user) == ["match.declined"]
    assert "We chose a firm with mould experience." in outbox[0].body


def test_declining_without_a_reason_is_refused_at_the_field_and_changes_nothing(
        app, match, maker, firm, outbox):
    client = browser(app, maker.user)

    response = move(client, match, "decline", note="   ")

    assert response.status_code == 422
    assert field_errors(response, "note-decline") == [
        "Please say why you decline: the provider learns from it."]
    assert fresh(match).status is MatchStatus.INTERESTED
    assert len(fresh(match).steps) == 1
    assert kinds_for(firm.user) == []
    assert outbox == []


def test_the_provider_withdraws_with_a_reason_and_the_owner_is_told(app, match, maker, firm,
                                                                    outbox):
    client = browser(app, firm.user)

    move(client, match, "withdraw", note="Our workshop is full until spring.")

    page = client.get(match_path(match))
    assert fresh(match).status is MatchStatus.WITHDRAWN
    assert "Lotus Design withdrew: Our workshop is full until spring." in visible_text(page)
    assert "Interested → Withdrawn" in history(page)
    assert "match.withdrawn" in kinds_for(maker.user)
    assert [m.to for m in outbox] == [[maker.user.email]]


def test_a_move_from_a_stale_page_is_refused_and_changes_nothing(app, match, maker):
    client = browser(app, maker.user)
    stale = match.version
    services.move_match(maker.user, match, MatchAction.SHORTLIST, expected_version=stale)

    response = move(client, match, "decline", note="Too late", version=stale)

    assert response.status_code == 409
    assert any("changed" in text.lower() or "reload" in text.lower()
               for text in flash_texts(response)), flash_texts(response)
    assert fresh(match).status is MatchStatus.SHORTLISTED


# Who may see and move a match ----------------------------------------------------------------


MOVES = ("shortlist", "request-intro", "introduce", "decline", "withdraw")


@pytest.mark.parametrize("outsider_kind", [OrgKind.DESIGN_FIRM, OrgKind.MANUFACTURER])
def test_someone_else_gets_403_on_the_match_and_on_every_move(app, match, outsider_kind):
    outsider = OrganisationFactory(kind=outsider_kind, name="Other Works")
    client = browser(app, member_of(outsider))
    paths = [match_path(match)] + [f"{match_path(match)}/move/{m}" for m in MOVES] + [
        f"{match_path(match)}/meeting", f"{match_path(match)}/convert"]

    assert client.get(match_path(match)).status_code == 403
    assert client.get(f"{match_path(match)}/meeting").status_code == 403
    assert client.get(f"{match_path(match)}/convert").status_code == 403
    for path in paths[1:]:
        response = post(client, path, {"version": match.version, "note": "x"})
        assert response.status_code == 403, path
    assert fresh(match).status is MatchStatus.INTERESTED


def test_the_provider_cannot_make_the_owners_moves(app, match, firm):
    client = browser(app, firm.user)

    for action in ("shortlist", "request-intro", "decline"):
        assert move(client, match, action, note="x").status_code == 403
    assert client.get(f"{match_path(match)}/convert").status_code == 403
    assert fresh(match).status is MatchStatus.INTERESTED


def test_the_owner_cannot_introduce_only_the_park_office_can(app, match, maker):
    services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                        expected_version=match.version)

    response = move(browser(app, maker.user), match, "introduce")

    assert response.status_code == 403


def test_a_move_the_page_does_not_make_is_not_found(app, match, maker):
    client = browser(app, maker.user)

    assert post(client, f"{match_path(match)}/move/convert").status_code == 404
    assert post(client, f"{match_path(match)}/move/teleport").status_code == 404
    assert client.get("/matches/999999").status_code == 404


# Meetings ------------------------------------------------------------------------------------


@pytest.fixture
def fair(maker, firm):
    """A matchmaking fair with one-to-one slots both organisations are registered for."""
    event = meeting_fair(tables=2, slots=3, title="Chongqing design fair")
    RegistrationFactory(event=event, user=maker.user, organisation=maker.organisation)
    RegistrationFactory(event=event, user=firm.user, organisation=firm.organisation)
    return event


def test_the_meeting_page_offers_the_free_slots_of_an_event_both_attend(app, match, maker,
                                                                        fair):
    response = browser(app, maker.user).get(f"{match_path(match)}/meeting")

    local = first_slot(fair).astimezone(park_zone()).strftime("%Y-%m-%d %H:%M")
    assert f"Chongqing design fair — {local}" in visible_text(response)


def test_proposing_a_meeting_in_an_event_slot_books_it_there_and_links_it(app, match, maker,
                                                                          firm, fair, outbox):
    client = browser(app, maker.user)
    path = f"{match_path(match)}/meeting"

    response = post_form(client, path, {"slot": slot_value(fair.id, first_slot(fair)),
                                        "message": "Bring the clay model.",
                                        "version": match.version})

    assert redirect_path(response) == match_path(match)
    meeting = db.session.scalar(select(Meeting).where(Meeting.event_id == fair.id))
    assert (meeting.requester_id, meeting.invitee_id) == (maker.organisation.id,
                                                          firm.organisation.id)
    assert meeting.status is MeetingStatus.REQUESTED
    assert fresh(match).meeting_id == meeting.id
    assert fresh(match).status is MatchStatus.MEETING
    page = client.get(match_path(match))
    assert f'href="/events/{fair.id}/agenda"' in page.get_data(as_text=True)
    assert "Interested → Meeting proposed" in history(page)
    assert "match.meeting" in kinds_for(firm.user)


def test_the_meeting_page_explains_when_no_event_fits(app, match, maker):
    response = browser(app, maker.user).get(f"{match_path(match)}/meeting")

    text = visible_text(response)
    assert ("You and Lotus Design are not both registered for an upcoming event with "
            "one-to-one meetings.") in text
    assert 'href="/events"' in response.get_data(as_text=True)


def test_proposing_a_free_time_and_place_keeps_the_park_time(app, match, maker, firm):
    client = browser(app, maker.user)
    day = park_today() + timedelta(days=3)

    response = post_form(client, f"{match_path(match)}/meeting",
                         {"slot": "", "starts_at": f"{day.isoformat()}T15:30",
                          "place": "Lotus studio, building B", "version": match.version})

    assert redirect_path(response) == match_path(match)
    stored = fresh(match)
    expected = datetime.combine(day, time(15, 30), tzinfo=park_zone()).astimezone(UTC)
    assert stored.meeting_starts_at.replace(tzinfo=UTC) == expected
    assert stored.meeting_place == "Lotus studio, building B"
    assert stored.meeting_id is None
    assert "Lotus studio, building B" in visible_text(client.get(match_path(match)))


def test_a_slot_that_was_not_offered_is_refused_at_the_field(app, match, maker, fair):
    client = browser(app, maker.user)
    elsewhere = first_slot(fair) + timedelta(days=1)

    response = post_form(client, f"{match_path(match)}/meeting",
                         {"slot": slot_value(fair.id, elsewhere), "version": match.version})

    assert response.status_code == 422
    assert field_errors(response, "slot")
    assert db.session.scalar(select(Meeting.id)) is None
    assert fresh(match).status is MatchStatus.INTERESTED


def test_a_free_meeting_needs_a_place(app, match, maker):
    day = park_today() + timedelta(days=3)

    response = post_form(browser(app, maker.user), f"{match_path(match)}/meeting",
                         {"slot": "", "starts_at": f"{day.isoformat()}T10:00", "place": "",
                          "version": match.version})

    assert response.status_code == 422
    assert field_errors(response, "place") == ["Say where you will meet."]


# Conversion ----------------------------------------------------------------------------------


def convert_form(match, **changes) -> dict:
    data = {"title": "Fengchi E-fairing", "summary": "Fairing for the 2027 model.",
            "specialty": "", "template": "full", "visibility": "private", "start_on": "",
            "target_end_on": "", "version": match.version, "need_version": match.need.version}
    return {**data, **changes}


def test_the_conversion_form_is_filled_in_from_the_need(app, match, maker):
    response = browser(app, maker.user).get(f"{match_path(match)}/convert")

    html = response.get_data(as_text=True)
    assert 'value="Electric motorcycle fairing"' in html
    assert "CMF, mould design and a prototype" in html
    assert "Run by Lotus Design" in visible_text(response)
    assert "Client Fengchi Motors" in visible_text(response)


def test_converting_makes_the_providers_project_with_the_owner_as_client(app, match, maker,
                                                                         firm, outbox):
    client = browser(app, maker.user)

    response = post_form(client, f"{match_path(match)}/convert", convert_form(match))

    project = db.session.scalar(select(Project))
    assert redirect_path(response) == f"/projects/{project.id}"
    assert project.title == "Fengchi E-fairing"
    assert project.firm_id == firm.organisation.id
    assert project.client_id == maker.organisation.id
    lead = next(m for m in project.members if m.role is ProjectRole.LEAD)
    assert lead.user_id == firm.user.id
    assert fresh(match).status is MatchStatus.CONVERTED
    assert fresh(match).project_id == project.id
    assert fresh(match.need).status is NeedStatus.CONVERTED
    assert "“Fengchi E-fairing” is now a project of Lotus Design, with Fengchi Motors as its " \
           "client." in flash_texts(client.get(response.location))
    assert "match.converted" in kinds_for(firm.user)


def test_a_team_match_brings_its_people_into_the_project_as_artists_and_engineers(
        app, need, maker):
    studio = design_firm("Toway Studio", "Engineer Chen")
    institute = OrganisationFactory(kind=OrgKind.ACADEMIC, name="Sichuan Fine Arts Institute")
    artist = member_of(institute, name="Artist Zhou")
    team = TeamFactory(name="Clay and Steel", organisation=studio.organisation)
    TeamMemberFactory(team=team, user=studio.user, discipline=Discipline.ENGINEERING)
    TeamMemberFactory(team=team, user=artist, organisation=institute,
                      discipline=Discipline.ART_DESIGN, role="CMF")
    match = services.express_interest(studio.user, need, team=team, message="Both worlds.")
    client = browser(app, maker.user)

    page = visible_text(client.get(f"{match_path(match)}/convert"))
    post_form(client, f"{match_path(match)}/convert", convert_form(match))

    assert "Academic partners Sichuan Fine Arts Institute" in page
    project = db.session.scalar(select(Project))
    roles = {m.user_id: m.role for m in project.members}
    assert project.firm_id == studio.organisation.id
    assert roles == {studio.user.id: ProjectRole.LEAD, artist.id: ProjectRole.ARTIST}
    assert [p.name for p in project.partners] == ["Sichuan Fine Arts Institute"]


def test_a_team_match_page_shows_the_teams_people_and_balance(app, need, maker):
    studio = design_firm("Toway Studio", "Engineer Chen")
    team = TeamFactory(name="Clay and Steel", organisation=studio.organisation)
    TeamMemberFactory(team=team, user=studio.user, discipline=Discipline.ENGINEERING,
                      role="Structures")
    match = services.express_interest(studio.user, need, team=team)

    response = browser(app, maker.user).get(match_path(match))

    text = visible_text(response)
    assert "Clay and Steel for “Electric motorcycle fairing”" in text
    assert "Engineer Chen Engineering Structures, Toway Studio" in text
    assert f'href="/teams/{team.id}"' in response.get_data(as_text=True)


def test_a_conversion_without_a_title_is_refused_at_the_field(app, match, maker):
    response = post_form(browser(app, maker.user), f"{match_path(match)}/convert",
                         convert_form(match, title=""))

    assert response.status_code == 422
    assert field_errors(response, "title") == ["Please give the project a title."]
    assert db.session.scalar(select(Project.id)) is None
    assert fresh(match).status is MatchStatus.INTERESTED


# The provider's inbox ------------------------------------------------------------------------


def test_the_inbox_lists_the_providers_matches_and_invitations_only(app, match, firm, maker):
    other_firm = design_firm("Other Works", "Someone Else")
    other_need = posted_need(maker, title="Aerospace seat cover")
    interest(other_need, other_firm)
    invited_need = posted_need(maker, title="Helmet visor")
    services.invite_to_need(maker.user, invited_need, organisation=firm.organisation)
    services.invite_to_need(maker.user, other_need, organisation=OrganisationFactory())

    response = browser(app, firm.user).get("/inbox")

    text = visible_text(response)
    assert "Electric motorcycle fairing" in text
    assert "Waiting for the owner to shortlist you" in text
    assert "Helmet visor" in text
    assert "Fengchi Motors invites Lotus Design" in text
    assert "Aerospace seat cover" not in text


def test_finished_matches_are_under_their_own_tab(app, match, firm, maker):
    services.move_match(maker.user, match, MatchAction.DECLINE, expected_version=match.version,
                        note="Budget cut.")
    client = browser(app, firm.user)

    in_play = visible_text(client.get("/inbox"))
    finished = visible_text(client.get("/inbox?closed=1"))

    assert "Electric motorcycle fairing" not in in_play
    assert "Electric motorcycle fairing" in finished
    assert "Declined: Budget cut." in finished


def test_an_empty_inbox_tells_a_provider_how_to_find_needs(app, firm):
    response = browser(app, firm.user).get("/inbox")

    assert "You are not in play for any need yet." in visible_text(response)
    assert 'href="/needs"' in response.get_data(as_text=True)


def test_the_inbox_shows_a_teams_matches_to_its_members(app, need):
    studio = design_firm("Toway Studio", "Engineer Chen")
    outsider = UserFactory(name="Student Ma")
    team = TeamFactory(name="Clay and Steel", organisation=studio.organisation)
    TeamMemberFactory(team=team, user=studio.user)
    TeamMemberFactory(team=team, user=outsider, organisation=OrganisationFactory(
        kind=OrgKind.ACADEMIC))
    services.express_interest(studio.user, need, team=team)

    text = visible_text(browser(app, outsider).get("/inbox"))

    assert "Electric motorcycle fairing" in text
    assert "Clay and Steel" in text


def _matches_for(firm_ids, maker_ids, how_many: int) -> None:
    """`how_many` needs the firm answered (a third shortlisted) and as many invitations; the
    sides are loaded afresh, the session having been emptied before each request counted."""
    firm, maker = (Side(db.session.get(Organisation, org_id), db.session.get(User, user_id))
                   for org_id, user_id in (firm_ids, maker_ids))
    for number in range(how_many):
        need = posted_need(maker, title=f"Need number {number}")
        match = interest(need, firm)
        if number % 3 == 1:
            services.move_match(maker.user, match, MatchAction.SHORTLIST,
                                expected_version=match.version)
        services.invite_to_need(maker.user, posted_need(maker, title=f"Invite {number}"),
                                organisation=firm.organisation)


def test_the_inbox_issues_the_same_number_of_queries_for_few_or_many_rows(
        app, firm, maker, count_queries, max_queries):
    client = browser(app, firm.user)
    firm_ids = (firm.organisation.id, firm.user.id)
    maker_ids = (maker.organisation.id, maker.user.id)
    _matches_for(firm_ids, maker_ids, 2)
    db.session.remove()
    with count_queries() as few:
        assert client.get("/inbox").status_code == 200
    _matches_for(firm_ids, maker_ids, 12)
    db.session.remove()

    with max_queries(few.count):
        response = client.get("/inbox")
    assert "Need number 11" in visible_text(response)
    assert few.count <= 15


def test_the_match_page_issues_a_bounded_number_of_queries(app, need, maker, max_queries):
    studio = design_firm("Toway Studio", "Engineer Chen")
    team = TeamFactory(name="Clay and Steel", organisation=studio.organisation)
    TeamMemberFactory(team=team, user=studio.user)
    for _ in range(6):
        TeamMemberFactory(team=team, user=member_of(studio.organisation))
    match = services.express_interest(studio.user, need, team=team)
    services.move_match(maker.user, match, MatchAction.SHORTLIST,
                        expected_version=match.version)
    services.move_match(maker.user, match, MatchAction.REQUEST_INTRO,
                        expected_version=match.version, note="Please.")
    client = browser(app, maker.user)
    path = match_path(match)
    db.session.remove()

    with max_queries(15):
        assert client.get(path).status_code == 200


def test_an_invitation_once_answered_leaves_the_inbox(app, firm, maker):
    need = posted_need(maker, title="Helmet visor")
    services.invite_to_need(maker.user, need, organisation=firm.organisation)
    interest(need, firm)

    text = visible_text(browser(app, firm.user).get("/inbox"))

    assert "invitation waits" not in text
    assert db.session.scalar(select(NeedInvitation.id)) is not None
