"""The audit log records the real object and the changed fields, before and after."""

from sqlalchemy import select

from park.core.audit import AuditEntry
from tests.conftest import post_form
from tests.factories import UserFactory


def test_profile_change_through_the_web_is_recorded_against_the_user(client, login, db):
    user = login(UserFactory(name="Old Name", locale="en"))

    post_form(client, "/profile", {"name": "New Name", "locale": "zh_CN", "submit": "1"})

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.updated"))
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("User", user.id, user.id)
    assert entry.changes == {"name": ["Old Name", "New Name"], "locale": ["en", "zh_CN"]}
