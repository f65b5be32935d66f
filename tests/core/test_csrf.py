"""CSRF protection: a POST without the form's token changes nothing."""

from park.accounts.models import User
from tests.factories import PASSWORD, UserFactory


def test_login_without_csrf_token_is_rejected(client):
    user = UserFactory()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302  # still anonymous


def test_signup_without_csrf_token_creates_nothing(client, db):
    response = client.post("/signup", data={
        "name": "Mallory", "email": "mallory@example.com", "password": "x" * 12,
        "confirm": "x" * 12, "locale": "en", "organisation_name": "Evil Co",
        "organisation_kind": "design_firm",
    })
    assert response.status_code == 400
    assert db.session.query(User).filter_by(email="mallory@example.com").count() == 0


def test_logout_without_csrf_token_keeps_the_user_logged_in(client, login):
    login(UserFactory())
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/profile").status_code == 200


def test_language_switch_without_csrf_token_is_rejected(client):
    assert client.post("/language", data={"locale": "zh_CN"}).status_code == 400
