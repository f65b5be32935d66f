"""Builders shared by the directory tests: a small bilingual taxonomy and listed providers."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pytest
from PIL import Image

from park.accounts.models import OrgKind, OrgStatus
from park.directory.models import ServiceType, Specialty
from tests.factories import (
    OrganisationFactory,
    ProviderProfileFactory,
    ServiceTypeFactory,
    SpecialtyFactory,
    TenancyFactory,
)


@dataclass
class Taxonomy:
    automotive: Specialty
    motorcycle: Specialty
    apparel: Specialty
    industrial_design: ServiceType
    mould_design: ServiceType
    testing: ServiceType


@pytest.fixture
def taxonomy(app) -> Taxonomy:
    return Taxonomy(
        automotive=SpecialtyFactory(code="automotive", name="Automotive", name_zh="汽车",
                                    position=10),
        motorcycle=SpecialtyFactory(code="motorcycle", name="Motorcycles", name_zh="摩托车",
                                    position=20),
        apparel=SpecialtyFactory(code="aerospace-apparel", name="Aerospace apparel",
                                 name_zh="航天服饰", position=30),
        industrial_design=ServiceTypeFactory(code="industrial-design", name="Industrial design",
                                             name_zh="工业设计", position=10),
        mould_design=ServiceTypeFactory(code="mould-design", name="Mould design",
                                        name_zh="模具设计", position=20),
        testing=ServiceTypeFactory(code="testing", name="Testing", name_zh="测试", position=30),
    )


def provider(name: str, name_zh: str = "", *, specialties=(), services=(),
             kind: OrgKind = OrgKind.DESIGN_FIRM, status: OrgStatus = OrgStatus.APPROVED,
             listed: bool = True, in_park: bool = False, description: str = "",
             description_zh: str = "", **profile_fields):
    """An organisation with a directory profile; settled in the park when `in_park`."""
    organisation = OrganisationFactory(name=name, name_zh=name_zh, kind=kind, status=status,
                                       description=description,
                                       description_zh=description_zh)
    ProviderProfileFactory(organisation=organisation, listed=listed,
                           specialties=list(specialties), service_types=list(services),
                           **profile_fields)
    if in_park:
        TenancyFactory(organisation=organisation)
    return organisation


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (32, 32)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, kind)
    return buffer.getvalue()
