"""The API's test client and error shape, shared by the API tests."""

from __future__ import annotations

from park.api.tokens import create_token


class ApiClient:
    """`api.get("/projects", as_=user)`: a JSON request to /api/v1 with `user`'s token (none
    for an anonymous call). Returns the response; `.json` is its body."""

    def __init__(self, client):
        self.client = client
        self._tokens: dict[int, str] = {}

    def token_for(self, user) -> str:
        if user.id not in self._tokens:
            _, self._tokens[user.id] = create_token(user, name="tests", expires_on=None)
        return self._tokens[user.id]

    def headers(self, user=None, **extra) -> dict:
        headers = dict(extra)
        if user is not None:
            headers["Authorization"] = f"Bearer {self.token_for(user)}"
        return headers

    def request(self, method: str, path: str, as_=None, *, json=None, query=None, headers=None):
        return self.client.open(
            "/api/v1" + path, method=method, json=json, query_string=query,
            headers=self.headers(as_, **(headers or {})),
        )

    def get(self, path, as_=None, **kwargs):
        return self.request("GET", path, as_, **kwargs)

    def post(self, path, as_=None, **kwargs):
        return self.request("POST", path, as_, **kwargs)

    def patch(self, path, as_=None, **kwargs):
        return self.request("PATCH", path, as_, **kwargs)

    def delete(self, path, as_=None, **kwargs):
        return self.request("DELETE", path, as_, **kwargs)


def error_of(response) -> dict:
    """The `error` object of an API error response, checked for its shape."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
