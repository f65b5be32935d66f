"""The API's test client: requests as a user carry a bearer token made for them."""

import pytest

from tests.api.support import ApiClient


@pytest.fixture
def api(client):
    return ApiClient(client)
