"""The demo park's space as plain data: buildings, units, tenancies and leases.

Every date is fixed (not computed from today) so each run seeds the same park. The data
describes the park as it stands on `REFERENCE_DAY`: leases started in 2025-2026 and run
three years, so occupancy shows from then well into 2028; four signed firms move in early
in 2027.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from park.tenants.models import TenancyStatus, UnitStatus

REFERENCE_DAY = date(2026, 11, 29)
LEASE_YEARS = 3


@dataclass(frozen=True)
class DemoBuilding:
    code: str
    name: str
    name_zh: str
    floors: int
    # Unit areas in m², floor by floor from the ground floor up: the unit code is the floor
    # then the unit's place on it ("203" is the third unit on floor 2).
    areas_by_floor: tuple[tuple[int, ...], ...]
    rent_per_m2: int  # yuan a month on floor 1; upper floors of a tower cost more
    rent_per_floor: int = 0

    def rent_rate(self, floor: int) -> int:
        return self.rent_per_m2 + self.rent_per_floor * (floor - 1)


@dataclass(frozen=True)
class DemoUnit:
    building: str
    code: str
    floor: int
    area_m2: float
    status: UnitStatus

    @property
    def label(self) -> str:
        return f"{self.building}-{self.code}"


BUILDINGS: tuple[DemoBuilding, ...] = (
    DemoBuilding("A", "Design Tower", "设计大厦", 8, (
        (320, 180, 95),
        (240, 160, 120, 180, 85),
        (240, 160, 120, 180, 85),
        (300, 150, 150, 110),
        (300, 150, 150, 110),
        (420, 200, 90),
        (420, 200, 90),
        (560, 160),
    ), rent_per_m2=63, rent_per_floor=3),
    DemoBuilding("B", "Prototype Workshop", "样机工坊", 3, (
        (600, 480, 360, 240),
        (300, 260, 220, 180, 150),
        (200, 160, 140, 120, 100),
    ), rent_per_m2=48),
    DemoBuilding("C", "Incubator", "孵化中心", 4, (
        (120, 80, 60, 60, 80, 100),
        (90, 70, 60, 60, 70, 90, 110),
        (90, 70, 60, 60, 70, 90, 110),
        (120, 90, 75, 75, 90, 120, 60),
    ), rent_per_m2=55),
    DemoBuilding("D", "Exhibition Hall", "展示中心", 2, (
        (580, 260),
        (180, 150, 120, 95),
    ), rent_per_m2=80),
)

OUT_OF_SERVICE_UNITS = ("B-305", "C-103")  # a workshop being refitted; water damage
# Held for the signed firms moving in next year, and one kept for a prospect.
RESERVED_UNITS = ("A-504", "B-302", "C-106", "C-207", "D-201")


def units() -> tuple[DemoUnit, ...]:
    result = []
    for building in BUILDINGS:
        for floor, areas in enumerate(building.areas_by_floor, start=1):
            for place, area in enumerate(areas, start=1):
                code = f"{floor}{place:02d}"
                label = f"{building.code}-{code}"
                status = (UnitStatus.OUT_OF_SERVICE if label in OUT_OF_SERVICE_UNITS
                          else UnitStatus.RESERVED if label in RESERVED_UNITS
                          else UnitStatus.AVAILABLE)
                result.append(DemoUnit(building.code, code, floor, float(area), status))
    return tuple(result)


@dataclass(frozen=True)
class DemoTenancy:
    slug: str
    status: TenancyStatus
    signed_on: date | None = None
    settled_on: date | None = None
    exited_on: date | None = None
    units: tuple[str, ...] = ()  # unit labels ("A-801")
    moves_in_on: date | None = None  # lease start for a firm that has signed, not settled

    @property
    def lease_start(self) -> date | None:
        return self.settled_on or self.moves_in_on


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _settled(slug: str, signed: str, settled: str, *units: str) -> DemoTenancy:
    return DemoTenancy(slug, TenancyStatus.SETTLED, _d(signed), _d(settled), units=units)


def _signed(slug: str, signed: str, moves_in: str, *units: str) -> DemoTenancy:
    return DemoTenancy(slug, TenancyStatus.SIGNED, _d(signed), units=units,
                       moves_in_on=_d(moves_in))


TENANCIES: tuple[DemoTenancy, ...] = (
    # The three firms the mayor visited signed first.
    _settled("toway", "2025-01-08", "2025-03-01", "A-801", "A-802"),
    _settled("artop-yuli", "2025-01-08", "2025-03-01", "A-701", "B-102"),
    _settled("chuangyu", "2025-01-08", "2025-03-01", "A-601"),
    _settled("shancheng-auto-design", "2025-01-20", "2025-04-01", "A-702", "B-101"),
    _settled("yuzhou-vehicle-styling", "2025-02-10", "2025-04-01", "A-501"),
    _settled("liangjiang-mobility", "2025-02-10", "2025-05-01", "A-602"),
    _settled("suxing-prototyping", "2025-02-24", "2025-05-01", "B-104"),
    _settled("geleshan-auto-interiors", "2025-03-05", "2025-05-01", "A-502"),
    _settled("chiyue-auto-engineering", "2025-03-05", "2025-06-01", "A-401", "A-402"),
    _settled("mocheng-motorcycle-design", "2025-03-18", "2025-06-01", "A-503"),
    _settled("xunfeng-moto-styling", "2025-04-02", "2025-06-16", "C-401"),
    _settled("qiyue-two-wheeler", "2025-04-02", "2025-07-01", "C-402", "C-403"),
    _settled("lidian-ev-design", "2025-04-15", "2025-07-01", "A-403"),
    _settled("qingneng-electrification", "2025-05-06", "2025-08-01", "A-404", "B-203"),
    _settled("diansu-charging-design", "2025-05-06", "2025-08-01", "C-301"),
    _settled("tianyi-aerospace-apparel", "2025-05-20", "2025-09-01", "A-301", "A-302"),
    _settled("xingji-functional-textiles", "2025-06-03", "2025-09-01", "C-302", "C-303"),
    _settled("shuzhi-digital-design", "2025-06-03", "2025-09-15", "A-303"),
    _settled("pixel-river-interactive", "2025-06-17", "2025-10-01", "C-201", "C-202"),
    _settled("yunjing-hmi", "2025-07-01", "2025-10-01", "A-304"),
    _settled("lvyuan-green-design", "2025-07-15", "2025-11-01", "C-204"),
    _settled("huanxun-circular-design", "2025-08-05", "2025-11-01", "C-205", "C-206"),
    _settled("jiayi-product-design", "2025-08-19", "2025-12-01", "A-201", "D-202"),
    _settled("mingqi-smart-home", "2025-09-02", "2025-12-01", "A-202", "A-203"),
    _settled("xiaoman-consumer-electronics", "2025-09-16", "2026-01-05", "A-204", "A-205"),
    _settled("shanye-outdoor-design", "2025-10-14", "2026-01-05", "C-304"),
    _settled("yanse-cmf", "2025-10-28", "2026-02-02", "A-305", "A-103"),
    _settled("jingmo-mould-design", "2025-11-11", "2026-03-02", "B-201", "B-202"),
    _settled("chengmo-tooling", "2025-12-02", "2026-03-02", "B-103"),
    _settled("hengya-die-casting", "2026-01-13", "2026-04-01", "B-204", "B-301"),
    _settled("yangji-prototype-works", "2026-02-10", "2026-05-04", "B-303"),
    _settled("gongjiang-industrial-design", "2026-03-03", "2026-06-01", "A-603", "C-305"),
    _settled("jiangshan-equipment-design", "2026-04-07", "2026-07-01", "C-306"),
    # Takes over the unit Tianmu left.
    _settled("zhiwen-surface-design", "2026-06-02", "2026-08-01", "C-101"),
    _settled("guiyun-rail-design", "2026-05-12", "2026-08-03", "A-703", "C-307"),
    # The labs.
    _settled("yuheng-vehicle-testing", "2025-01-20", "2025-04-01", "B-205", "B-304"),
    _settled("jianzhun-inspection", "2025-02-24", "2025-05-01", "C-104", "C-105"),
    # Moved out in mid-2026: its lease ended early, on the exit day.
    DemoTenancy("tianmu-agri-machinery", TenancyStatus.EXITED, _d("2025-02-10"),
                _d("2025-04-01"), _d("2026-06-30"), units=("C-101",)),
    # Signed, moving in next year.
    _signed("jingdian-battery-systems", "2026-09-15", "2027-01-04", "C-106"),
    _signed("diecheng-additive", "2026-10-13", "2027-02-01", "B-302"),
    _signed("kangshi-medical-design", "2026-10-27", "2027-02-01", "C-207"),
    _signed("yunhang-flight-wear", "2026-11-10", "2027-03-01", "A-504"),
    # Talking to the park.
    DemoTenancy("xuxiang-digital-twin", TenancyStatus.PROSPECT),
    DemoTenancy("tanji-low-carbon", TenancyStatus.PROSPECT),
    DemoTenancy("zhixing-robotics-design", TenancyStatus.PROSPECT),
)


@dataclass(frozen=True)
class DemoLease:
    slug: str
    unit: str  # unit label ("A-801")
    start_on: date
    end_on: date
    ended: bool  # ended early (the tenant left)


def lease_end(start_on: date, years: int = LEASE_YEARS) -> date:
    """The last day of a lease of whole years: the day before the anniversary."""
    return date.fromordinal(date(start_on.year + years, start_on.month, 1).toordinal()
                            + start_on.day - 2)


def leases() -> tuple[DemoLease, ...]:
    result = []
    for tenancy in TENANCIES:
        start_on = tenancy.lease_start
        if start_on is None:
            continue
        end_on, ended = lease_end(start_on), False
        if tenancy.exited_on is not None:
            end_on, ended = tenancy.exited_on, True
        result.extend(DemoLease(tenancy.slug, unit, start_on, end_on, ended)
                      for unit in tenancy.units)
    return tuple(result)


def monthly_rent(building: DemoBuilding, unit: DemoUnit) -> int:
    """Area times the building's rate for that floor, rounded to 100 yuan."""
    return int(round(unit.area_m2 * building.rent_rate(unit.floor) / 100)) * 100
