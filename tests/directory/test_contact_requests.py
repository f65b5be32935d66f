"""Manufacturers ask a provider to get in touch; the provider's managers hear by e-mail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from park.accounts.models import OrgKind, OrgRole, OrgStatus
from park.core.time import now_utc
from park.directory.models import ContactRequest
from park.extensions import db
from tests.conftest import post_form
from tests.directory.conftest import provider
from tests.factories import (
    ContactRequestFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    queries_for_page,
    redirect_path,
    visible_text,
)

MESSAGE = "We need a mould for a new 250 cc motorcycle tank. Could we talk next week?"


def manufacturer(name="Zongshen Motor Works", status=OrgStatus.APPROVED):
    return OrganisationFactory(name=name, name_zh="宗申摩托", kind=OrgKind.MANUFACTURER,
                               status=status)


def ask(client, firm, message=MESSAGE, **extra):
    return post_form(client, f"/directory/{firm.slug}/contact", {"message": message, **extra},
                     page=f"/directory/{firm.slug}")


def stored_requests() -> list[ContactRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(ContactRequest).order_by(ContactRequest.id)))


def test_manufacturer_member_sees_the_request_form(client, login, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(manufacturer()))

    text = visible_text(client.get(f"/directory/{firm.slug}"))

    assert "Request contact" in text
    assert "Your message" in text


def test_design_firm_member_does_not_see_the_form(client, login, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(OrganisationFactory(kind=OrgKind.DESIGN_FIRM)))

    assert "Request contact" not in visible_text(client.get(f"/directory/{firm.slug}"))


def test_anonymous_visitor_does_not_see_the_form(client, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")

    assert "Request contact" not in visible_text(client.get(f"/directory/{firm.slug}"))


def test_member_of_an_unapproved_manufacturer_does_not_see_the_form(client, login, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(manufacturer(status=OrgStatus.PENDING)))

    assert "Request contact" not in visible_text(client.get(f"/directory/{firm.slug}"))


def test_request_is_stored_and_mailed_to_owners_and_managers_in_their_language(
        client, login, outbox, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design", "艺拓宇力摩托设计",
                    contact_email="hello@artop.example")
    member_of(firm, OrgRole.OWNER, email="owner@artop.example", locale="zh_CN", name="王芳")
    member_of(firm, OrgRole.MANAGER, email="manager@artop.example", locale="en")
    member_of(firm, OrgRole.MEMBER, email="member@artop.example")
    buyer = manufacturer()
    sender = login(member_of(buyer, name="Zhang San", email="zhang@zongshen.example"))

    response = ask(client, firm)

    assert redirect_path(response) == f"/directory/{firm.slug}"
    [stored] = stored_requests()
    assert (stored.provider_id, stored.requester_id, stored.sender_id) == (
        firm.id, buyer.id, sender.id)
    assert stored.message == MESSAGE
    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {"owner@artop.example", "manager@artop.example",
                               "hello@artop.example"}
    chinese = by_address["owner@artop.example"]
    english = by_address["manager@artop.example"]
    assert MESSAGE in english.body and "zhang@zongshen.example" in english.body
    assert english.subject == "Zongshen Motor Works would like to get in touch"
    assert "Zhang San" in chinese.body and MESSAGE in chinese.body
    # Each in their own language (the greeting is one of the translated lines).
    assert "您好" in chinese.body
    assert english.body.startswith("Hello ")
    assert "contact_request.created" in audit_actions()


def test_sender_sees_a_confirmation(client, login, outbox, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(manufacturer()))

    ask(client, firm)

    response = client.get(f"/directory/{firm.slug}")
    assert any("Your message has been sent to Artop Yuli Motorcycle Design" in text
               for text in flash_texts(response))


def test_second_request_within_a_day_is_refused_with_a_message(client, login, outbox,
                                                                taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(manufacturer()))
    ask(client, firm)
    outbox.clear()

    response = ask(client, firm, message="Did you get our message?")

    assert response.status_code == 422
    [error] = field_errors(response, "message")
    assert "has already asked this provider for contact in the last 24 hours" in error
    assert len(stored_requests()) == 1
    assert outbox == []


def test_a_new_request_is_accepted_after_a_day(client, login, outbox, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    buyer = manufacturer()
    ContactRequestFactory(provider=firm, requester=buyer,
                          created_at=now_utc() - timedelta(hours=25))
    login(member_of(buyer))

    response = ask(client, firm)

    assert response.status_code == 302
    assert len(stored_requests()) == 2


def test_empty_message_gets_a_field_error_and_stores_nothing(client, login, outbox, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(manufacturer()))

    response = ask(client, firm, message="   ")

    assert response.status_code == 422
    assert field_errors(response, "message") == ["Please write a short message."]
    assert count(ContactRequest) == 0
    assert outbox == []


def test_design_firm_member_posting_the_form_is_refused(client, login, outbox, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(OrganisationFactory(kind=OrgKind.DESIGN_FIRM)))

    response = post_form(client, f"/directory/{firm.slug}/contact", {"message": MESSAGE},
                         page="/")

    assert response.status_code == 403
    assert count(ContactRequest) == 0


def test_anonymous_post_is_sent_to_log_in(client, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")

    response = post_form(client, f"/directory/{firm.slug}/contact", {"message": MESSAGE},
                         page="/")

    assert "/login" in response.location
    assert count(ContactRequest) == 0


def test_requesting_on_behalf_of_someone_elses_manufacturer_is_refused(client, login, outbox,
                                                                       taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    mine = manufacturer("Mine")
    theirs = manufacturer("Theirs")
    login(member_of(mine))

    response = ask(client, firm, requester=str(theirs.id))

    assert response.status_code == 422
    assert count(ContactRequest) == 0


def test_provider_managers_see_received_requests(client, login, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    buyer = manufacturer()
    sender = member_of(buyer, name="Zhang San", email="zhang@zongshen.example")
    ContactRequestFactory(provider=firm, requester=buyer, sender=sender, message=MESSAGE)
    login(member_of(firm, OrgRole.MANAGER))

    text = visible_text(client.get(f"/orgs/{firm.slug}/contact-requests"))

    assert "Zongshen Motor Works" in text
    assert "Zhang San" in text and "zhang@zongshen.example" in text
    assert MESSAGE in text


def test_plain_members_and_outsiders_cannot_read_contact_requests(client, login, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(firm, OrgRole.MEMBER))

    assert client.get(f"/orgs/{firm.slug}/contact-requests").status_code == 403


def test_contact_requests_page_queries_do_not_grow(client, login, count_queries, taxonomy):
    firm = provider("Artop Yuli Motorcycle Design")
    login(member_of(firm, OrgRole.OWNER))
    path = f"/orgs/{firm.slug}/contact-requests"
    for _ in range(2):
        ContactRequestFactory(provider=firm, sender=UserFactory())
    with_few = queries_for_page(client, count_queries, path)
    for _ in range(20):
        ContactRequestFactory(provider=firm, sender=UserFactory())

    assert queries_for_page(client, count_queries, path) == with_few
