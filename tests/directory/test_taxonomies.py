"""The park office keeps the specialty and service lists."""

from __future__ import annotations

import re

from sqlalchemy import select

from park.directory.models import ProviderProfile, ServiceType, Specialty
from park.extensions import db
from tests.conftest import post_form
from tests.directory.conftest import provider
from tests.factories import AdminFactory, ServiceTypeFactory, SpecialtyFactory, UserFactory
from tests.helpers import (
    audit_actions,
    count,
    field_errors,
    flash_texts,
    queries_for_page,
    redirect_path,
    visible_text,
)

NEW_SPECIALTY = {"specialties-code": "rail-transit", "specialties-name": "Rail transit",
                 "specialties-name_zh": "轨道交通", "specialties-position": "40"}


def add(client, taxonomy, data):
    return post_form(client, f"/admin/taxonomies/{taxonomy}", data, page="/admin/taxonomies")


def test_admin_sees_both_lists_with_usage_counts(client, login, taxonomy):
    provider("Artop Yuli", specialties=[taxonomy.motorcycle], services=[taxonomy.mould_design])
    provider("Chuangyu", specialties=[taxonomy.motorcycle])
    login(AdminFactory())

    response = client.get("/admin/taxonomies")
    text = visible_text(response)

    assert response.status_code == 200
    assert re.search(r"motorcycle Motorcycles 摩托车 20 2 organisations", text)
    assert re.search(r"automotive Automotive 汽车 10 0 organisations", text)
    assert re.search(r"mould-design Mould design 模具设计 20 1 organisation\b", text)


def test_admin_adds_a_specialty(client, login, taxonomy):
    login(AdminFactory())

    response = add(client, "specialties", NEW_SPECIALTY)

    assert redirect_path(response) == "/admin/taxonomies"
    term = db.session.scalar(select(Specialty).where(Specialty.code == "rail-transit"))
    assert (term.name, term.name_zh, term.position) == ("Rail transit", "轨道交通", 40)
    assert "specialties.created" in audit_actions()
    assert "“Rail transit” has been added." in flash_texts(client.get("/admin/taxonomies"))


def test_admin_adds_a_service(client, login, taxonomy):
    login(AdminFactory())

    add(client, "services", {"services-code": "cmf", "services-name": "CMF",
                             "services-name_zh": "色彩材料工艺"})

    assert db.session.scalar(select(ServiceType.name_zh).where(ServiceType.code == "cmf")) \
        == "色彩材料工艺"


def test_duplicate_code_is_refused_at_the_field(client, login, taxonomy):
    login(AdminFactory())

    response = add(client, "specialties", {**NEW_SPECIALTY, "specialties-code": "motorcycle"})

    assert response.status_code == 422
    assert field_errors(response, "specialties-code") == [
        "This code is already in use. Please choose another."]
    assert count(Specialty) == 3


def test_same_code_may_exist_in_the_other_list(client, login, taxonomy):
    login(AdminFactory())

    response = add(client, "services", {"services-code": "motorcycle",
                                        "services-name": "Motorcycle service",
                                        "services-name_zh": "摩托车服务"})

    assert response.status_code == 302


def test_bad_code_and_missing_names_get_field_errors(client, login, taxonomy):
    login(AdminFactory())

    response = add(client, "specialties", {"specialties-code": "Rail Transit!",
                                           "specialties-name": "", "specialties-name_zh": ""})

    assert response.status_code == 422
    assert field_errors(response, "specialties-code") == [
        "Use lower-case letters, digits and single hyphens only."]
    assert field_errors(response, "specialties-name") == ["Please enter the English name."]
    assert field_errors(response, "specialties-name_zh") == ["Please enter the Chinese name."]
    assert count(Specialty) == 3


def test_admin_edits_a_term(client, login, taxonomy):
    login(AdminFactory())
    path = f"/admin/taxonomies/specialties/{taxonomy.motorcycle.id}/edit"

    response = post_form(client, path, {"code": "motorcycles", "name": "Motorcycles & scooters",
                                        "name_zh": "摩托车与踏板车", "position": "5"})

    assert redirect_path(response) == "/admin/taxonomies"
    db.session.expire_all()
    term = db.session.get(Specialty, taxonomy.motorcycle.id)
    assert (term.code, term.name, term.position) == ("motorcycles", "Motorcycles & scooters", 5)
    assert "specialties.updated" in audit_actions()


def test_editing_to_a_taken_code_is_refused(client, login, taxonomy):
    login(AdminFactory())
    path = f"/admin/taxonomies/specialties/{taxonomy.motorcycle.id}/edit"

    response = post_form(client, path, {"code": "automotive", "name": "Motorcycles",
                                        "name_zh": "摩托车", "position": "20"})

    assert response.status_code == 422
    assert field_errors(response, "code") == [
        "This code is already in use. Please choose another."]
    db.session.expire_all()
    assert db.session.get(Specialty, taxonomy.motorcycle.id).code == "motorcycle"


def test_edit_page_says_how_many_organisations_use_the_term(client, login, taxonomy):
    provider("Artop Yuli", specialties=[taxonomy.motorcycle])
    login(AdminFactory())

    text = visible_text(client.get(
        f"/admin/taxonomies/specialties/{taxonomy.motorcycle.id}/edit"))

    assert "used by 1 organisation" in text


def test_term_of_the_other_list_is_not_found(client, login, taxonomy):
    login(AdminFactory())
    service_only = ServiceTypeFactory()
    missing_id = max(service_only.id, taxonomy.apparel.id) + 100

    assert client.get(f"/admin/taxonomies/specialties/{missing_id}/edit").status_code == 404


def test_deleting_a_term_removes_it_from_profiles(client, login, taxonomy):
    firm = provider("Artop Yuli", specialties=[taxonomy.motorcycle, taxonomy.automotive])
    login(AdminFactory())

    response = post_form(client, f"/admin/taxonomies/specialties/{taxonomy.motorcycle.id}"
                         "/delete", {}, page="/admin/taxonomies")

    assert redirect_path(response) == "/admin/taxonomies"
    assert count(Specialty) == 2
    profile = db.session.get(ProviderProfile, firm.id)
    assert [term.code for term in profile.specialties] == ["automotive"]
    assert "specialties.deleted" in audit_actions()


def test_delete_button_warns_how_many_organisations_use_the_term(client, login, taxonomy):
    provider("Artop Yuli", specialties=[taxonomy.motorcycle])
    provider("Chuangyu", specialties=[taxonomy.motorcycle])
    login(AdminFactory())

    html = client.get("/admin/taxonomies").get_data(as_text=True)

    assert 'data-confirm="Delete “Motorcycles”? 2 organisations use it and will lose it."' in html


def test_non_admins_are_refused_everywhere(client, login, taxonomy):
    login(UserFactory())
    term = taxonomy.motorcycle

    assert client.get("/admin/taxonomies").status_code == 403
    token_page = "/"  # the admin page itself is refused, so take the token from home
    assert post_form(client, "/admin/taxonomies/specialties", NEW_SPECIALTY,
                     page=token_page).status_code == 403
    assert client.get(f"/admin/taxonomies/specialties/{term.id}/edit").status_code == 403
    assert post_form(client, f"/admin/taxonomies/specialties/{term.id}/delete", {},
                     page=token_page).status_code == 403
    assert count(Specialty) == 3


def test_taxonomy_page_queries_do_not_grow(client, login, count_queries, taxonomy):
    login(AdminFactory())
    with_few = queries_for_page(client, count_queries, "/admin/taxonomies")
    for _ in range(20):
        term = SpecialtyFactory()
        provider("Some firm", specialties=[term])

    assert queries_for_page(client, count_queries, "/admin/taxonomies") == with_few
