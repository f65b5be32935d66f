"""English and Simplified Chinese: complete catalogs; locale by preference, browser, default."""

import pytest

from park.core.catalogs import extracted_messages, untranslated
from tests.conftest import post_form
from tests.factories import UserFactory


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_catalog_translates_every_message_in_use(locale):
    missing = untranslated(locale)
    assert not missing, f"{locale} misses {len(missing)} messages, e.g. {missing[:5]}"


def test_message_extraction_finds_the_templates_and_code():
    messages = extracted_messages()
    assert "Log in" in messages  # templates
    assert "Wrong e-mail address or password." in messages  # services


def test_browser_asking_for_chinese_gets_the_chinese_ui(client):
    html = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(
        as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "登录" in html


def test_browser_without_a_known_language_gets_english(client):
    html = client.get("/login", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in to Park" in html


def test_user_preference_wins_over_the_browser(client, login):
    login(UserFactory(locale="zh_CN"))
    html = client.get("/profile", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in html


def test_anonymous_language_switch_is_remembered(client):
    response = post_form(client, "/language", {"locale": "zh_CN", "next": "/login"}, page="/")
    assert response.status_code == 302
    assert response.location.endswith("/login")
    html = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in html


def test_signed_in_language_switch_saves_the_preference(client, login, db):
    user = login(UserFactory(locale="en"))
    post_form(client, "/language", {"locale": "zh_CN"}, page="/")
    db.session.refresh(user)
    assert user.locale == "zh_CN"


def test_unknown_language_is_refused_and_changes_nothing(client, login, db):
    user = login(UserFactory(locale="en"))
    response = post_form(client, "/language", {"locale": "xx"}, page="/", follow_redirects=True)
    assert "That language is not available." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"


def test_times_are_shown_in_the_park_zone(app):
    from datetime import UTC, datetime

    from park.core.templating import park_datetime

    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = park_datetime(datetime(2026, 1, 1, 16, 30, tzinfo=UTC), "yyyy-MM-dd HH:mm")
    assert shown == "2026-01-02 00:30"
