"""The notifications page and the bell in the navigation bar: a user's own notifications in
their language, unread ones marked, all marked read at once, and the unread count asked once."""

from __future__ import annotations

from park.core.notifications import Notification
from park.events.notices import notify_registered
from park.extensions import db
from tests.conftest import post_form
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.helpers import flash_texts, page_text, visible_text


def _confirmed(user, title="Spring fair", title_zh="春季对接会"):
    registration = RegistrationFactory(user=user,
                                       event=EventFactory(title=title, title_zh=title_zh))
    notify_registered(registration, None)
    db.session.commit()
    return registration


def test_the_page_lists_the_users_notifications_with_a_link(client, login):
    user = login(UserFactory())
    registration = _confirmed(user)

    response = client.get("/notifications")

    text = visible_text(response)
    assert "New Your place at Spring fair on" in text
    assert "is confirmed. Your ticket is in Park." in text
    assert f'href="http://park.test/events/{registration.event_id}"' in page_text(response)


def test_notifications_read_in_the_users_language(client, login):
    user = login(UserFactory(locale="zh_CN"))
    _confirmed(user)

    assert "春季对接会" in visible_text(client.get("/notifications"))


def test_a_user_sees_only_their_own_notifications(client, login):
    _confirmed(UserFactory(), title="Someone else's fair")
    login(UserFactory())

    text = visible_text(client.get("/notifications"))

    assert "No notifications yet." in text and "Someone else's fair" not in text


def test_the_bell_counts_unread_notifications_for_screen_readers(client, login):
    user = login(UserFactory())
    _confirmed(user)
    _confirmed(user, title="Autumn fair")

    html = page_text(client.get("/"))

    assert '<span class="visually-hidden">2 unread notifications</span>' in html


def test_the_bell_has_no_count_when_all_is_read(client, login):
    login(UserFactory())

    assert "unread notification" not in page_text(client.get("/"))


def test_marking_all_read_clears_the_new_marks_and_the_count(client, login):
    user = login(UserFactory())
    _confirmed(user)

    response = post_form(client, "/notifications/read", {}, page="/notifications",
                         follow_redirects=True)

    assert flash_texts(response) == ["All your notifications are marked as read."]
    assert "unread notification" not in page_text(response)
    assert "New Your place" not in visible_text(response)
    db.session.expire_all()
    assert [n.read_at is not None for n in
            db.session.query(Notification).filter_by(user_id=user.id)] == [True]


def test_marking_read_leaves_other_users_notifications_unread(client, login):
    other = UserFactory()
    _confirmed(other)
    login(UserFactory())

    post_form(client, "/notifications/read", {}, page="/notifications")

    db.session.expire_all()
    assert [n.read_at for n in db.session.query(Notification).filter_by(user_id=other.id)] \
        == [None]


def test_the_page_needs_a_login(client):
    response = client.get("/notifications")

    assert response.status_code == 302 and "/login" in response.location


def test_a_long_history_is_paginated(client, login):
    user = login(UserFactory())
    for _ in range(30):
        db.session.add(Notification(user_id=user.id, kind="event.confirmed",
                                    params={"event": "Fair", "when": "2026-05-01 09:00"}))
    db.session.commit()

    first, second = client.get("/notifications"), client.get("/notifications?page=2")

    assert visible_text(first).count("Your place at Fair") == 25
    assert visible_text(second).count("Your place at Fair") == 5


def test_the_unread_count_is_asked_once_per_page(client, login, count_queries):
    user = login(UserFactory())
    _confirmed(user)
    db.session.remove()

    with count_queries() as counter:
        response = client.get("/notifications")

    assert response.status_code == 200
    unread_counts = [s for s in counter.statements
                     if "count(" in s.lower() and "read_at IS NULL" in s]
    assert len(unread_counts) == 1, unread_counts  # the bell's and the button's, shared
    assert counter.count <= 6, counter.statements
