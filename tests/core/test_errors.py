"""Friendly error pages instead of framework tracebacks."""

from flask import abort

from park.core.authz import guard
from park.core.policy import anyone


def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "We could not find the page you asked for." in response.get_data(as_text=True)


def test_forbidden_page_explains_itself(client, login):
    from tests.factories import UserFactory

    login(UserFactory())
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You do not have permission to do that." in response.get_data(as_text=True)


def test_unexpected_error_gets_a_friendly_500_page(app):
    @app.route("/boom")
    @guard(anyone)
    def boom():
        raise ValueError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "An unexpected error happened on our side." in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_bad_request_page_is_friendly(app):
    @app.route("/bad")
    @guard(anyone)
    def bad():
        abort(400)

    response = app.test_client().get("/bad")
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_nul_character_in_a_query_is_refused_before_any_view(client):
    response = client.get("/directory?q=fair%00ing")

    assert response.status_code == 400
    assert "Text cannot contain NUL characters." in response.get_data(as_text=True)


def test_a_nul_character_in_a_path_is_not_found(client):
    assert client.get("/directory/some%00slug").status_code == 404


def test_a_nul_character_in_an_api_query_names_the_field(client):
    response = client.get("/api/v1/organisations?q=fair%00ing")

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"q": ["Text cannot contain NUL characters."]}
