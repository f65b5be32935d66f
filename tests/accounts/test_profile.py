"""The profile page: name and language, and changing the password."""

from __future__ import annotations

import re

from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, UserFactory
from tests.helpers import (
    audit_entries,
    field_errors,
    flash_texts,
    page_text,
    redirect_path,
)

NEW_PASSWORD = "a brand new secret 7"


def save_profile(client, name, locale="en"):
    return post_form(client, "/profile", {"name": name, "locale": locale, "submit": "Save profile"})


def change_password(client, current, new=NEW_PASSWORD, confirm=None):
    """The password form on the profile page has the `pw-` prefix, its token included."""
    token = csrf_token(client, "/profile")
    return client.post("/profile", data={
        "pw-csrf_token": token,
        "pw-current_password": current,
        "pw-password": new,
        "pw-confirm": new if confirm is None else confirm,
        "pw-submit": "Change password",
    })


def password_works(app, email, password) -> bool:
    response = post_form(app.test_client(), "/login", {"email": email, "password": password})
    return response.status_code == 302


def test_profile_page_needs_login(client):
    assert redirect_path(client.get("/profile")) == "/login?next=/profile"


def test_profile_shows_the_users_name_and_email(client, login):
    user = login(UserFactory(name="Liu Yang", email="liu.yang@example.com"))

    html = client.get("/profile").get_data(as_text=True)

    assert 'value="Liu Yang"' in html
    assert user.email in html


def test_update_name_and_language_saves_them_and_serves_pages_in_chinese(client, login, db):
    user = login(UserFactory(name="Liu Yang", locale="en"))

    response = save_profile(client, "  Liu Yang Jr  ", "zh_CN")

    assert redirect_path(response) == "/profile"
    db.session.refresh(user)
    assert (user.name, user.locale) == ("Liu Yang Jr", "zh_CN")
    # The preference wins over the browser's English.
    html = client.get("/profile", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert re.search(r'id="language-menu">\s*<span class="visually-hidden">[^<]*</span> 简体中文',
                     html)
    assert re.search(r'value="zh_CN" lang="zh-CN"\s+aria-current="true">简体中文</button>', html)
    assert 'value="Liu Yang Jr"' in html
    [entry] = audit_entries("user.updated")
    assert entry.changes == {"name": ["Liu Yang", "Liu Yang Jr"], "locale": ["en", "zh_CN"]}


def test_profile_page_text_is_chinese_after_choosing_chinese(client, login):
    login(UserFactory(locale="en"))
    save_profile(client, "Liu Yang", "zh_CN")

    response = client.get("/profile")

    text = page_text(response)
    assert "个人资料" in text  # "Your profile"
    assert "姓名和语言" in text  # "Name and language"
    for english in ("Your profile", "Name and language", "Save profile", "Change password",
                    "Log out"):
        assert english not in text


def test_saving_the_profile_shows_a_confirmation(client, login):
    login(UserFactory(name="Liu Yang"))

    save_profile(client, "Liu Yang")

    assert "Your profile has been saved." in flash_texts(client.get("/profile"))
    assert audit_entries("user.updated") == []  # nothing changed, nothing recorded


def test_empty_name_is_refused_at_the_field(client, login, db):
    user = login(UserFactory(name="Liu Yang"))

    response = save_profile(client, "   ", "zh_CN")

    assert response.status_code == 422
    assert field_errors(response, "name") == ["Please enter your name."]
    db.session.refresh(user)
    assert (user.name, user.locale) == ("Liu Yang", "en")


def test_unknown_language_is_refused_at_the_field(client, login, db):
    user = login(UserFactory(locale="en"))

    response = save_profile(client, user.name, "fr")

    assert field_errors(response, "locale") == ["Not a valid choice."]
    db.session.refresh(user)
    assert user.locale == "en"


def test_change_password_with_correct_current_password(app, client, login):
    user = login(UserFactory())

    response = change_password(client, PASSWORD)

    assert redirect_path(response) == "/profile"
    assert "Your password has been changed." in flash_texts(client.get("/profile"))
    assert password_works(app, user.email, NEW_PASSWORD)
    assert not password_works(app, user.email, PASSWORD)
    assert len(audit_entries("user.password_changed")) == 1


def test_change_password_with_wrong_current_password_shows_error_at_field(app, client, login):
    user = login(UserFactory())

    response = change_password(client, "not my password")

    assert response.status_code == 422
    assert field_errors(response, "pw-current_password") == [
        "Your current password is not correct."
    ]
    assert password_works(app, user.email, PASSWORD)
    assert audit_entries("user.password_changed") == []


def test_change_password_with_mismatched_confirm_is_refused(app, client, login):
    user = login(UserFactory())

    response = change_password(client, PASSWORD, confirm="something else 1")

    assert response.status_code == 422
    assert field_errors(response, "pw-confirm") == ["The two passwords do not match."]
    assert password_works(app, user.email, PASSWORD)
    assert not password_works(app, user.email, NEW_PASSWORD)


def test_change_password_to_a_short_one_is_refused(app, client, login):
    user = login(UserFactory())

    response = change_password(client, PASSWORD, new="short")

    assert field_errors(response, "pw-password") == [
        "A password needs between 10 and 128 characters."
    ]
    assert password_works(app, user.email, PASSWORD)


def test_saving_the_profile_does_not_touch_the_password(app, client, login):
    user = login(UserFactory())

    save_profile(client, "Someone New")

    assert password_works(app, user.email, PASSWORD)
