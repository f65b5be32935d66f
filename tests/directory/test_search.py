"""The public directory: keyword search in both languages, disjunctive facets with counts,
sorting, pagination, and the bounded number of queries behind the page."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest

from park.accounts.models import Organisation, OrgKind, OrgStatus
from park.directory.models import ProviderProfile
from park.extensions import db
from park.tenants.models import Tenancy, TenancyStatus
from tests.directory.conftest import provider
from tests.factories import UserFactory
from tests.helpers import queries_for_page, visible_text

NAME = re.compile(r'<a class="provider-name" href="[^"]+">(.*?)</a>')


def result_names(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [unescape(name) for name in NAME.findall(response.get_data(as_text=True))]


def facet_counts(response, name: str) -> dict[str, int]:
    """{value: count} of one facet's checkboxes, as the sidebar shows them."""
    html = response.get_data(as_text=True)
    pattern = re.compile(
        rf'value="([^"]+)" id="facet-{name}-[^"]+"[^>]*>\s*<label[^>]*>\s*<span>.*?</span>\s*'
        r'<span class="facet-count"[^>]*>(\d+)</span>',
        re.S,
    )
    return {value: int(count) for value, count in pattern.findall(html)}


def search(client, **params) -> object:
    return client.get("/directory?" + urlencode(params, doseq=True))


def use_chinese(client):
    with client.session_transaction() as session:
        session["locale"] = "zh_CN"


@pytest.fixture
def firms(taxonomy):
    """Two firms do mould design; only one of them works on motorcycles."""
    return {
        "artop": provider(
            "Artop Yuli Motorcycle Design", "艺拓宇力摩托设计",
            specialties=[taxonomy.motorcycle], services=[taxonomy.industrial_design,
                                                         taxonomy.mould_design],
            description="Styling and tooling for two-wheelers.",
            description_zh="两轮车的造型与工装。", in_park=True,
        ),
        "toway": provider(
            "Toway Design", "途为设计",
            specialties=[taxonomy.automotive], services=[taxonomy.industrial_design,
                                                         taxonomy.mould_design],
            description="Car interiors and exteriors.", description_zh="汽车内外饰设计。",
            in_park=True,
        ),
        "chuangyu": provider(
            "Chuangyu Product Design", "创宇产品设计",
            specialties=[taxonomy.motorcycle, taxonomy.apparel],
            services=[taxonomy.industrial_design],
            description="Helmets, riding gear and flight suits.",
        ),
        "lab": provider(
            "Chongqing Vehicle Test Lab", "重庆车辆检测实验室", kind=OrgKind.LAB,
            specialties=[taxonomy.automotive, taxonomy.motorcycle], services=[taxonomy.testing],
        ),
    }


# Keywords --------------------------------------------------------------------------------------


def test_english_keyword_finds_providers_by_service_name(client, firms):
    names = result_names(search(client, q="mould"))

    assert sorted(names) == ["Artop Yuli Motorcycle Design", "Toway Design"]


def test_chinese_keyword_finds_providers_by_chinese_service_name(client, firms):
    names = result_names(search(client, q="模具设计"))

    assert sorted(names) == ["Artop Yuli Motorcycle Design", "Toway Design"]


def test_keyword_matches_the_description_in_either_language(client, firms):
    assert result_names(search(client, q="helmets")) == ["Chuangyu Product Design"]
    assert result_names(search(client, q="内外饰")) == ["Toway Design"]


def test_every_word_must_match_and_small_words_are_ignored(client, firms):
    names = result_names(search(client, q="mould design for the motorcycles"))

    assert names == ["Artop Yuli Motorcycle Design"]


def test_wildcards_in_keywords_are_matched_literally(client, firms):
    assert result_names(search(client, q="%")) == []
    assert result_names(search(client, q="_")) == []


# The journey: one search and one facet click --------------------------------------------------


def test_mould_design_for_motorcycles_in_two_steps_in_english(client, firms):
    first = search(client, q="mould design")
    assert sorted(result_names(first)) == ["Artop Yuli Motorcycle Design", "Toway Design"]
    assert facet_counts(first, "specialty") == {"automotive": 1, "motorcycle": 1}

    second = search(client, q="mould design", specialty="motorcycle")

    assert result_names(second) == ["Artop Yuli Motorcycle Design"]
    text = visible_text(second)
    assert "1 provider found" in text
    assert "Motorcycles (remove this filter)" in text


def test_mould_design_for_motorcycles_in_two_steps_in_chinese(client, firms, login):
    login(UserFactory(locale="zh_CN"))

    first = search(client, q="模具设计")
    assert sorted(result_names(first)) == ["艺拓宇力摩托设计", "途为设计"]
    assert "摩托车" in visible_text(first)

    second = search(client, q="模具设计", specialty="motorcycle")

    assert result_names(second) == ["艺拓宇力摩托设计"]


def test_anonymous_chinese_reader_sees_chinese_names(client, firms):
    use_chinese(client)

    response = search(client, q="模具设计", specialty="motorcycle")

    assert result_names(response) == ["艺拓宇力摩托设计"]
    assert "Artop Yuli Motorcycle Design" in visible_text(response)  # the other-language name


# Facets -------------------------------------------------------------------------------------


def test_facet_counts_count_the_providers_of_each_value(client, firms):
    response = search(client)

    assert facet_counts(response, "specialty") == {
        "automotive": 2, "motorcycle": 3, "aerospace-apparel": 1}
    assert facet_counts(response, "service") == {
        "industrial-design": 3, "mould-design": 2, "testing": 1}
    assert facet_counts(response, "kind") == {"design_firm": 3, "lab": 1}
    assert facet_counts(response, "in_park") == {"yes": 2, "no": 2}


def test_a_facets_own_selection_does_not_narrow_its_counts(client, firms):
    response = search(client, specialty="automotive")

    # Specialty counts ignore the ticked specialty, so the reader can widen the choice...
    assert facet_counts(response, "specialty") == {
        "automotive": 2, "motorcycle": 3, "aerospace-apparel": 1}
    # ...while the other facets count only automotive providers.
    assert facet_counts(response, "service") == {
        "industrial-design": 1, "mould-design": 1, "testing": 1}
    assert facet_counts(response, "kind") == {"design_firm": 1, "lab": 1}


def test_values_within_a_facet_combine_with_or_and_facets_with_and(client, firms):
    either = search(client, specialty=["automotive", "aerospace-apparel"])
    assert sorted(result_names(either)) == [
        "Chongqing Vehicle Test Lab", "Chuangyu Product Design", "Toway Design"]

    both = search(client, specialty=["automotive", "aerospace-apparel"], kind="lab")
    assert result_names(both) == ["Chongqing Vehicle Test Lab"]


def test_in_park_facet_filters_settled_tenants(client, firms):
    in_park = search(client, in_park="yes")
    outside = search(client, in_park="no")

    assert sorted(result_names(in_park)) == ["Artop Yuli Motorcycle Design", "Toway Design"]
    assert sorted(result_names(outside)) == ["Chongqing Vehicle Test Lab",
                                             "Chuangyu Product Design"]
    assert facet_counts(in_park, "in_park") == {"yes": 2, "no": 2}


def test_a_tenant_that_has_only_signed_is_not_yet_in_the_park(client, taxonomy):
    signed = provider("Signed Studio")
    db.session.add(Tenancy(organisation=signed, status=TenancyStatus.SIGNED,
                           signed_on=date(2026, 1, 5)))
    db.session.commit()

    assert result_names(search(client, in_park="yes")) == []
    assert result_names(search(client, in_park="no")) == ["Signed Studio"]


def test_removing_a_chip_keeps_the_other_filters(client, firms):
    response = search(client, q="design", specialty="motorcycle", service="mould-design")
    html = response.get_data(as_text=True)

    chip = re.search(r'<a class="filter-chip" href="([^"]+)">\s*Motorcycles', html)
    assert chip
    target = unescape(chip.group(1))
    assert "specialty=" not in target
    assert "q=design" in target and "service=mould-design" in target
    assert result_names(client.get(target)) == ["Artop Yuli Motorcycle Design", "Toway Design"]


def test_no_match_shows_a_helpful_empty_state(client, firms):
    text = visible_text(search(client, q="submarines"))

    assert "No provider matches all of these filters" in text
    assert "Clear all filters" in text


def test_empty_directory_says_how_providers_get_in(client):
    text = visible_text(search(client))

    assert "The directory is still empty" in text


def test_unknown_filter_values_are_ignored_rather_than_failing(client, firms):
    response = search(client, kind="manufacturer", in_park="maybe", sort="price", page="x")

    assert len(result_names(response)) == 4


# Who appears -----------------------------------------------------------------------------------


def test_unlisted_unapproved_and_manufacturer_organisations_never_appear(client, taxonomy):
    provider("Listed Studio", specialties=[taxonomy.motorcycle])
    provider("Hidden Studio", listed=False, specialties=[taxonomy.motorcycle])
    provider("Pending Studio", status=OrgStatus.PENDING, specialties=[taxonomy.motorcycle])
    provider("Rejected Studio", status=OrgStatus.REJECTED, specialties=[taxonomy.motorcycle])
    provider("Zongshen Motor Works", kind=OrgKind.MANUFACTURER,
             specialties=[taxonomy.motorcycle])
    provider("City Office", kind=OrgKind.PUBLIC_BODY, specialties=[taxonomy.motorcycle])

    response = search(client, q="studio works office")
    assert result_names(response) == []
    everything = search(client)
    assert result_names(everything) == ["Listed Studio"]
    assert facet_counts(everything, "specialty") == {"motorcycle": 1}


# Sorting and pages ---------------------------------------------------------------------------


def test_sort_by_name_uses_the_chinese_name_for_chinese_readers(client, taxonomy):
    provider("Alpha Design", "丙设计")
    provider("Beta Design", "甲设计")
    provider("Gamma Design", "")  # no Chinese name: sorted by its English one

    assert result_names(search(client, sort="name")) == [
        "Alpha Design", "Beta Design", "Gamma Design"]
    use_chinese(client)
    assert result_names(search(client, sort="name")) == ["Gamma Design", "丙设计", "甲设计"]


def test_sort_newest_first(client, taxonomy):
    for name in ("First", "Second", "Third"):
        provider(name)

    assert result_names(search(client, sort="newest")) == ["Third", "Second", "First"]


def test_sort_in_park_first_then_by_name(client, taxonomy):
    provider("Alpha Outside")
    provider("Zeta Inside", in_park=True)
    provider("Beta Outside")

    assert result_names(search(client, sort="in_park")) == [
        "Zeta Inside", "Alpha Outside", "Beta Outside"]


def test_results_are_paginated_and_pages_keep_the_filters(client, taxonomy):
    for number in range(25):
        provider(f"Studio {number:02d}", specialties=[taxonomy.motorcycle])

    first = search(client, specialty="motorcycle")
    second = search(client, specialty="motorcycle", page=2)

    assert len(result_names(first)) == 20
    assert result_names(second) == [f"Studio {n}" for n in range(20, 25)]
    assert "25 providers found" in visible_text(first)
    html = first.get_data(as_text=True)
    assert re.search(r'href="[^"]*specialty=motorcycle[^"]*page=2"', unescape(html))


def _listed_providers(start: int, count: int, taxonomy) -> None:
    """Insert `count` tagged providers in one commit; every third one settled in the park."""
    organisations = [
        Organisation(slug=f"bulk-{n}", name=f"Bulk Design {n}", name_zh=f"批量设计{n}",
                     kind=OrgKind.DESIGN_FIRM, status=OrgStatus.APPROVED,
                     description="Mould design for motorcycles")
        for n in range(start, start + count)
    ]
    # The page test removes the session between batches: use this session's copies of the terms.
    motorcycle, mould_design, industrial_design = (
        db.session.merge(term) for term in (taxonomy.motorcycle, taxonomy.mould_design,
                                            taxonomy.industrial_design))
    db.session.add_all(organisations)
    db.session.flush()
    db.session.add_all([
        ProviderProfile(organisation_id=org.id, listed=True, capacity=3,
                        specialties=[motorcycle],
                        service_types=[mould_design, industrial_design])
        for org in organisations
    ])
    db.session.add_all([
        Tenancy(organisation_id=org.id, status=TenancyStatus.SETTLED,
                signed_on=date(2026, 1, 5),
                settled_on=date(2026, 3, 1))
        for org in organisations[::3]
    ])
    db.session.commit()


@pytest.mark.parametrize("path", [
    "/directory",
    "/directory?q=mould+design&specialty=motorcycle&service=mould-design&kind=design_firm"
    "&in_park=yes&sort=in_park",
])
def test_directory_page_queries_do_not_grow_with_the_number_of_providers(
        client, count_queries, taxonomy, path):
    _listed_providers(0, 10, taxonomy)
    with_few = queries_for_page(client, count_queries, path)

    _listed_providers(10, 490, taxonomy)
    with_many = queries_for_page(client, count_queries, path)

    assert with_many == with_few
    assert with_few <= 10


def test_cards_without_logo_show_distinctive_initials(client, taxonomy):
    provider("Chongqing Toway Design Co., Ltd.", "重庆途为设计有限公司")

    html = search(client).get_data(as_text=True)

    assert re.search(r'provider-initials" aria-hidden="true">TD<', html)
    use_chinese(client)
    assert re.search(r'provider-initials" aria-hidden="true">途<',
                     search(client).get_data(as_text=True))


def test_search_query_builds_before_any_other_query_configured_the_mappers():
    # Organisation.profile and .tenancy are backrefs: a fresh worker whose first request is
    # the directory must still find them.
    code = (
        "from park import create_app\n"
        "from park.directory.queries import DirectoryFilters, provider_by_slug, search_query\n"
        "app = create_app({'TESTING': True, 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "with app.app_context():\n"
        "    str(search_query(DirectoryFilters(), 'en'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=60)

    assert result.returncode == 0, result.stderr
