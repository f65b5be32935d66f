"""What every browser journey does first: log in through the real form."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("#submit").click()
    page.wait_for_url(live_server + "/")
