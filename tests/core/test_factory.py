"""The application factory, its settings and the security baseline it installs."""

import pytest

from config import DEV_SECRET_KEY, Production
from park import create_app


def test_factory_applies_overrides_on_top_of_the_environment_settings():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PER_PAGE": 7})
    assert app.testing
    assert app.config["PER_PAGE"] == 7


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "too-short"])
def test_production_refuses_to_start_without_a_strong_secret_key(key):
    class WeakProduction(Production):
        SECRET_KEY = key

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(WeakProduction)


def test_production_starts_with_a_strong_secret_key():
    class StrongProduction(Production):
        SECRET_KEY = "x" * 48
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(StrongProduction)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script>" not in html
    assert "<script src=" in html


def test_session_cookie_is_httponly_and_samesite(client, login):
    from tests.factories import UserFactory

    login(UserFactory())
    cookie = client.get_cookie("session", domain="park.test")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_bootstrap_is_served_locally(client):
    html = client.get("/").get_data(as_text=True)
    assert "cdn.jsdelivr.net" not in html
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200
