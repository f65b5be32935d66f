"""A city-scale park for benchmarks (`flask seed-demo --scale large`): on top of the demo park,
thousands of organisations and people, 50,000 projects with their stages, 5,000 events with
200,000 registrations and 20,000 needs with their matches, written with bulk inserts.

Rows are written as the services would leave them (every project has its template's stages
and a `current_stage` that agrees with them, `confirmed_count` equals the confirmed
registrations, no unit is let twice on a day, no venue holds two published events at once),
from one `random.Random` with a fixed seed, dated from `today`. Tables are filled with
executemany of Core `insert()` in batches of a few thousand rows; ids are given in Python
(PostgreSQL's sequences are moved past them at the end). The whole run is one transaction.
"""

from __future__ import annotations

import enum
import random
import re
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import Table, func, insert, select, text
from werkzeug.security import generate_password_hash

from park.accounts.models import Membership, Organisation, OrgKind, OrgRole, OrgStatus, User
from park.core.audit import AuditEntry, record
from park.core.time import now_utc, park_zone
from park.demo import data
from park.directory.models import (
    ProviderProfile,
    ServiceType,
    Specialty,
    profile_service_types,
    profile_specialties,
)
from park.events.models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    Venue,
)
from park.events.registration import AUDIENCE_KINDS
from park.extensions import db
from park.matching.models import Match as MatchRow
from park.matching.models import (
    MatchStatus,
    Need,
    NeedInvitation,
    NeedStatus,
    NeedVisibility,
    need_service_types,
    need_specialties,
)
from park.matching.models import MatchStep as MatchStepRow
from park.projects.lifecycle import TEMPLATES, StageStatus
from park.projects.models import (
    IpKind,
    IpRecord,
    IpStatus,
    LifecycleStage,
    Milestone,
    Project,
    ProjectMember,
    ProjectRole,
    ProjectStatus,
    Visibility,
    project_partners,
)
from park.tenants.models import (
    Building,
    Lease,
    LeaseStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)

SEED = 20_261_129
BATCH = 5000  # rows per executemany
AUDIT_ACTION = "demo.large_seeded"  # its audit entry marks a park that has the large set

# What the large set holds at factor 1; `seed_large(factor=...)` scales every figure.
COUNTS = {
    "design_firms": 1300,
    "manufacturers": 900,
    "labs": 120,
    "academic": 40,
    "public_bodies": 40,
    "users": 12_000,
    "buildings": 24,
    "projects": 50_000,
    "venues": 40,
    "events": 5000,
    "registrations": 200_000,
    "needs": 20_000,
}
YEARS_OF_HISTORY = 6  # projects started up to this many years before today
EVENT_YEARS_BACK, EVENT_DAYS_AHEAD = 4, 365

# Words the names are made of -----------------------------------------------------------------

PLACES = (
    ("Yuzhong", "渝中"), ("Jiangbei", "江北"), ("Nan'an", "南岸"), ("Shapingba", "沙坪坝"),
    ("Jiulongpo", "九龙坡"), ("Dadukou", "大渡口"), ("Beibei", "北碚"), ("Yubei", "渝北"),
    ("Banan", "巴南"), ("Liangjiang", "两江"), ("Xiyong", "西永"), ("Chaotianmen", "朝天门"),
    ("Ciqikou", "磁器口"), ("Huguang", "湖广"), ("Longtou", "龙头"), ("Jinyun", "缙云"),
    ("Gele", "歌乐"), ("Tongyuan", "通远"), ("Hongya", "洪崖"), ("Yangjia", "杨家"),
    ("Lijia", "礼嘉"), ("Yuelai", "悦来"), ("Huxi", "虎溪"), ("Chayuan", "茶园"),
)
STEMS = (
    ("Orbit", "轨道"), ("Forge", "锻造"), ("Lumen", "流明"), ("Vector", "矢量"), ("Arc", "弧光"),
    ("Pivot", "支点"), ("Kite", "风筝"), ("Summit", "峰顶"), ("Cedar", "雪松"), ("Delta", "三角洲"),
    ("Ember", "余烬"), ("Facet", "刻面"), ("Gradient", "渐变"), ("Harbor", "港湾"),
    ("Iris", "鸢尾"), ("Jade", "玉石"), ("Keystone", "基石"), ("Lattice", "晶格"),
    ("Meridian", "子午"), ("Nimbus", "云雨"), ("Onyx", "玛瑙"), ("Prism", "棱镜"),
    ("Quartz", "石英"), ("Ridge", "山脊"), ("Sable", "黑貂"), ("Tangent", "切线"),
    ("Umbra", "本影"), ("Vertex", "顶点"), ("Willow", "垂柳"), ("Zenith", "天顶"),
)
SUFFIXES = {
    OrgKind.DESIGN_FIRM: (("Design", "设计"), ("Industrial Design", "工业设计"),
                          ("Design Studio", "设计工作室"), ("Product Design", "产品设计")),
    OrgKind.MANUFACTURER: (("Motorcycle Co.", "摩托车公司"), ("Auto Parts", "汽车零部件"),
                           ("Machinery", "机械"), ("Electronics", "电子"), ("Robotics", "机器人"),
                           ("Medical Devices", "医疗器械"), ("Furniture", "家具"),
                           ("Textiles", "纺织")),
    OrgKind.LAB: (("Testing Lab", "检测实验室"), ("Inspection Centre", "检验中心")),
    OrgKind.ACADEMIC: (("Institute of Design", "设计学院"),
                       ("School of Engineering", "工程学院")),
    OrgKind.PUBLIC_BODY: (("Innovation Office", "创新办公室"),),
}
DESCRIPTIONS = {
    OrgKind.DESIGN_FIRM: "A design firm of the park working on {field}: from the brief and "
                         "concept to detailed design and production handover.",
    OrgKind.MANUFACTURER: "A manufacturer in {field} that brings its products to the park's "
                          "designers.",
    OrgKind.LAB: "An accredited lab testing and inspecting prototypes in {field}.",
    OrgKind.ACADEMIC: "Faculty and students in {field}, working with the park's firms.",
    OrgKind.PUBLIC_BODY: "The district office that supports design and innovation in {field}.",
}
SURNAMES = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao", "Tang", "Deng", "Xie",
            "Feng", "Cao", "Peng", "Zeng", "Tan", "Ran", "Qin")
GIVEN = ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Tao", "Ping", "Hui", "Xin", "Yu",
         "Ting", "Hao", "Qiang", "Lan", "Bo", "Chao", "Dan", "Yi", "Kai", "Rui", "Shan", "Ning")
PRODUCTS = ("electric motorcycle fairing", "scooter dashboard", "e-bike frame", "EV charging "
            "pile", "cockpit HMI", "seat module", "headlamp housing", "robot gripper",
            "AGV chassis", "infusion pump casing", "patient monitor", "office chair",
            "smart lock", "drone shell", "flight suit liner", "tractor cab", "excavator "
            "control panel", "rail seat", "kitchen appliance", "power tool grip",
            "helmet visor", "battery pack enclosure", "handlebar switchgear", "desk lamp")
PRODUCTS_ZH = ("电动摩托车整流罩", "踏板车仪表盘", "电助力车车架", "充电桩", "座舱人机界面",
               "座椅模块", "前照灯壳体", "机器人夹爪", "AGV底盘", "输液泵外壳", "病人监护仪",
               "办公椅", "智能门锁", "无人机外壳", "飞行服内衬", "拖拉机驾驶室", "挖掘机操控台",
               "轨道车辆座椅", "厨房电器", "电动工具握把", "头盔面罩", "电池包壳体", "车把开关组",
               "台灯")
TOPICS = (("Design for manufacturing", "面向制造的设计"), ("Electrification", "电动化"),
          ("CMF trends", "CMF趋势"), ("Mould design", "模具设计"), ("Smart equipment", "智能装备"),
          ("Green design", "绿色设计"), ("Medical device usability", "医疗器械可用性"),
          ("Design patents", "外观设计专利"), ("Prototype to production", "从样机到量产"),
          ("Motorcycle styling", "摩托车造型"))
EVENT_WORDS = {
    EventKind.MATCHMAKING_FAIR: ("Matchmaking fair", "对接会"),
    EventKind.WORKSHOP: ("Workshop", "工作坊"),
    EventKind.EXHIBITION: ("Exhibition", "展览"),
    EventKind.ROADSHOW: ("Roadshow", "路演"),
    EventKind.SITE_VISIT: ("Site visit", "参观"),
}
CLOSED_REASONS = ("The manufacturer chose to do it in-house.", "Budget was not approved.",
                  "The product line was dropped.", "Found a provider outside the park.")
DECLINE_REASONS = ("No capacity before the deadline.", "Outside our field.",
                   "The budget does not cover the work.")


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _weighted(rng: random.Random, choices: Sequence[tuple[object, float]]):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=park_zone()).astimezone(UTC)


@dataclass
class LargeReport:
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def summary(self) -> str:
        return ", ".join(f"{table} {count:,}" for table, count in sorted(self.rows.items()))


class LargeParkPresent(Exception):  # noqa: N818 (a state, not an error)
    """The database already holds the large data set."""


def large_park_present() -> bool:
    return db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == AUDIT_ACTION).limit(1)) is not None


class _Writer:
    """Bulk inserts in batches of `BATCH` rows, counting rows per table. Before a table's
    batch goes out, the pending rows of the tables it may refer to go first, so foreign keys
    hold at every statement."""

    def __init__(self, report: LargeReport):
        self.report = report
        self.pending: dict[str, list[dict]] = defaultdict(list)
        self.tables: dict[str, Table] = {}
        self.order = {table.name: index
                      for index, table in enumerate(db.metadata.sorted_tables)}

    def add(self, table: Table, row: dict) -> None:
        rows = self.pending[table.name]
        self.tables[table.name] = table
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush(table)

    def add_all(self, table: Table, rows: Iterable[dict]) -> None:
        for row in rows:
            self.add(table, row)

    def flush(self, table: Table) -> None:
        for name in sorted(self.pending, key=self.order.__getitem__):
            if self.order[name] < self.order[table.name] and self.pending[name]:
                self.flush(self.tables[name])
        rows = self.pending.pop(table.name, [])
        if not rows:
            return
        if db.session.get_bind().dialect.name == "postgresql":
            _copy(table, rows)
        else:
            db.session.execute(insert(table), rows)
        self.report.rows[table.name] += len(rows)

    def flush_all(self) -> None:
        for name in sorted(self.pending, key=self.order.__getitem__):
            if self.pending.get(name):
                self.flush(self.tables[name])


def _copy(table: Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY, in the session's transaction: several times faster than INSERT for
    hundreds of thousands of rows, and every constraint is checked all the same."""
    columns = ", ".join(f'"{name}"' for name in rows[0])
    connection = db.session.connection().connection.dbapi_connection
    with connection.cursor() as cursor, cursor.copy(
            f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([value.value if isinstance(value, enum.Enum) else value
                            for value in row.values()])


def _next_id(table: Table) -> int:
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def _move_sequences(tables: Iterable[Table]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the largest id."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {table.name}))"))


# The seed ------------------------------------------------------------------------------------


@dataclass
class _Org:
    id: int
    kind: OrgKind
    status: OrgStatus
    name: str
    slug: str
    specialties: list[int] = field(default_factory=list)
    services: list[int] = field(default_factory=list)
    listed: bool = False
    people: list[int] = field(default_factory=list)  # user ids, owner first
    tenancy: TenancyStatus | None = None
    moved_in: date | None = None  # tenants: when their first lease may start
    moved_out: date | None = None  # exited tenants: when their last lease ended


def seed_large(*, factor: float = 1.0, today: date | None = None, seed: int = SEED,
               echo: Callable[[str], object] = print) -> LargeReport:
    """Add the large data set to a database holding the demo park (seed it first).

    `factor` scales every count (tests use a small one). Raises LargeParkPresent when the
    set is already there, so it is never added twice.
    """
    if large_park_present():
        raise LargeParkPresent
    started = clock.perf_counter()
    report = LargeReport()
    rng = random.Random(seed)
    today = today or now_utc().date()
    now = datetime.combine(today, time(12), tzinfo=UTC)

    def scale(name: str) -> int:
        return max(1, int(COUNTS[name] * factor + 0.5))

    writer = _Writer(report)
    admin_id = db.session.scalar(select(User.id).where(User.email == data.ADMIN.email))
    specialties = list(db.session.scalars(select(Specialty.id).order_by(Specialty.position)))
    services = list(db.session.scalars(select(ServiceType.id).order_by(ServiceType.position)))

    def step(label: str, run: Callable[[], object]):
        at = clock.perf_counter()
        result = run()
        echo(f"  {label}: {clock.perf_counter() - at:.1f} s")
        return result

    orgs = step("organisations", lambda: _organisations(
        writer, rng, scale, specialties, services, admin_id, today))
    step("people", lambda: _people(writer, rng, orgs, scale("users"), today))
    step("profiles and tenancies", lambda: _profiles_and_tenancies(writer, rng, orgs, today))
    step("buildings and leases", lambda: _space(writer, rng, orgs, scale("buildings"), today))
    firms = [o for o in orgs if o.kind in (OrgKind.DESIGN_FIRM, OrgKind.LAB, OrgKind.ACADEMIC)
             and o.status is OrgStatus.APPROVED]
    clients = [o for o in orgs if o.kind is OrgKind.MANUFACTURER]
    projects_by_client = step("projects", lambda: add_projects(
        writer, rng, scale("projects"), firms=firms, clients=clients,
        specialties=specialties, today=today, partners=[o for o in orgs
                                                          if o.kind is OrgKind.LAB]))
    step("events and registrations", lambda: _events(
        writer, rng, orgs, scale("venues"), scale("events"), scale("registrations"),
        admin_id, now))
    step("needs and matches", lambda: _needs(
        writer, rng, orgs, scale("needs"), specialties, services, projects_by_client, today))

    _move_sequences([Organisation.__table__, User.__table__, Building.__table__,
                     Unit.__table__, Project.__table__, Venue.__table__, Event.__table__,
                     Need.__table__, MatchRow.__table__])
    park_office = db.session.scalar(
        select(Organisation).where(Organisation.slug == data.PARK_OFFICE_SLUG))
    report.seconds = clock.perf_counter() - started
    record(None, AUDIT_ACTION, park_office, organisation=park_office,
           summary=f"Large data set seeded (factor {factor:g})"[:255])
    db.session.commit()
    report.seconds = clock.perf_counter() - started
    return report


# Organisations, people, profiles, tenancies, space --------------------------------------------


def _organisations(writer, rng, scale, specialties, services, admin_id, today) -> list[_Org]:
    taken = set(db.session.scalars(select(Organisation.slug)))
    next_id = _next_id(Organisation.__table__)
    plan = [(OrgKind.DESIGN_FIRM, scale("design_firms")),
            (OrgKind.MANUFACTURER, scale("manufacturers")), (OrgKind.LAB, scale("labs")),
            (OrgKind.ACADEMIC, scale("academic")), (OrgKind.PUBLIC_BODY, scale("public_bodies"))]
    orgs: list[_Org] = []
    # The taxonomy's first terms (vehicles, motorcycles, ...) are the park's core: more common.
    field_weights = [1 / (1 + position * 0.3) for position in range(len(specialties))]
    for kind, count in plan:
        suffixes = SUFFIXES[kind]
        combos = len(PLACES) * len(STEMS) * len(suffixes)
        for pick in rng.sample(range(combos), min(count, combos)) + [
                rng.randrange(combos) for _ in range(max(0, count - combos))]:
            place, rest = divmod(pick, len(STEMS) * len(suffixes))
            stem, suffix = divmod(rest, len(suffixes))
            (place_en, place_zh), (stem_en, stem_zh) = PLACES[place], STEMS[stem]
            suffix_en, suffix_zh = suffixes[suffix]
            name = f"{place_en} {stem_en} {suffix_en}"
            slug = _slugify(name)
            while slug in taken:
                slug = f"{_slugify(name)}-{next_id}"
            taken.add(slug)
            status = OrgStatus.APPROVED if kind is OrgKind.PUBLIC_BODY else _weighted(
                rng, ((OrgStatus.APPROVED, 92), (OrgStatus.PENDING, 5), (OrgStatus.REJECTED, 3)))
            fields = rng.choices(specialties, field_weights, k=rng.randint(1, 3))
            org = _Org(id=next_id, kind=kind, status=status, name=name, slug=slug,
                       specialties=sorted(set(fields)),
                       services=sorted(rng.sample(services, rng.randint(2, 5))))
            created = now_at(today - timedelta(days=rng.randrange(365 * YEARS_OF_HISTORY + 200)),
                             rng)
            writer.add(Organisation.__table__, {
                "id": org.id, "slug": slug, "name": name,
                "name_zh": f"{place_zh}{stem_zh}{suffix_zh}", "kind": kind, "status": status,
                "description": DESCRIPTIONS[kind].format(field=rng.choice(PRODUCTS) + "s"),
                "description_zh": "", "website": f"https://www.{slug}.example",
                "decided_at": created + timedelta(days=rng.randint(1, 14))
                if status is not OrgStatus.PENDING else None,
                "decided_by_id": admin_id if status is not OrgStatus.PENDING else None,
                "created_at": created, "updated_at": created,
            })
            orgs.append(org)
            next_id += 1
    writer.flush_all()
    return orgs


def now_at(day: date, rng: random.Random) -> datetime:
    """A moment of park office hours on `day`, in UTC."""
    return _local(day, rng.randint(8, 18), rng.randrange(60))


def _people(writer, rng, orgs: list[_Org], count: int, today: date) -> None:
    """`count` users: each organisation's owner first, the rest spread by organisation size;
    a few people belong to a second organisation."""
    weights = {OrgKind.DESIGN_FIRM: 6, OrgKind.MANUFACTURER: 4, OrgKind.LAB: 3,
               OrgKind.ACADEMIC: 12, OrgKind.PUBLIC_BODY: 2}
    sizes = [rng.lognormvariate(0, 0.7) * weights[o.kind] for o in orgs]
    homes = list(range(len(orgs))) + rng.choices(range(len(orgs)), sizes,
                                                 k=max(0, count - len(orgs)))
    password_hash = generate_password_hash(data.DEMO_PASSWORD)
    next_id = _next_id(User.__table__)
    for index in homes:
        org = orgs[index]
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        created = now_at(today - timedelta(days=rng.randrange(365 * YEARS_OF_HISTORY)), rng)
        user_id = next_id
        next_id += 1
        writer.add(User.__table__, {
            "id": user_id, "email": f"{given}.{surname}.{user_id}@{org.slug}.example".lower(),
            "name": f"{surname} {given}", "password_hash": password_hash,
            "locale": "zh_CN" if rng.random() < 0.6 else "en", "is_admin": False,
            "active": rng.random() < 0.97,
            "last_login_at": now_at(today - timedelta(days=rng.randrange(90)), rng)
            if rng.random() < 0.7 else None,
            "created_at": created, "updated_at": created,
        })
        role = (OrgRole.OWNER if not org.people else
                OrgRole.MANAGER if len(org.people) < 3 else OrgRole.MEMBER)
        org.people.append(user_id)
        writer.add(Membership.__table__, {"user_id": user_id, "organisation_id": org.id,
                                          "role": role, "created_at": created,
                                          "updated_at": created})
        if rng.random() < 0.04 and len(orgs) > 1:
            other = orgs[rng.randrange(len(orgs))]
            if other is not org:
                writer.add(Membership.__table__, {
                    "user_id": user_id, "organisation_id": other.id, "role": OrgRole.MEMBER,
                    "created_at": created, "updated_at": created})
    writer.flush_all()


def _profiles_and_tenancies(writer, rng, orgs: list[_Org], today: date) -> None:
    tenancy_share = {OrgKind.DESIGN_FIRM: 0.65, OrgKind.LAB: 0.6, OrgKind.ACADEMIC: 0.5,
                     OrgKind.MANUFACTURER: 0.3, OrgKind.PUBLIC_BODY: 0.0}
    for org in orgs:
        if org.kind in (OrgKind.DESIGN_FIRM, OrgKind.LAB, OrgKind.ACADEMIC):
            org.listed = org.status is OrgStatus.APPROVED and rng.random() < 0.9
            at = now_at(today - timedelta(days=rng.randrange(700)), rng)
            writer.add(ProviderProfile.__table__, {
                "organisation_id": org.id, "listed": org.listed,
                "capacity": rng.choice((0, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30)),
                "contact_name": "", "contact_email": f"hello@{org.slug}.example",
                "contact_phone": f"+86 23 {rng.randrange(6000_0000, 6999_9999)}",
                "logo_file": None, "logo_type": None, "created_at": at, "updated_at": at,
            })
            writer.add_all(profile_specialties, ({"organisation_id": org.id, "specialty_id": s}
                                                 for s in org.specialties))
            writer.add_all(profile_service_types, (
                {"organisation_id": org.id, "service_type_id": s} for s in org.services))
        if org.status is OrgStatus.APPROVED and rng.random() < tenancy_share[org.kind]:
            status = _weighted(rng, ((TenancyStatus.SETTLED, 55), (TenancyStatus.SIGNED, 15),
                                     (TenancyStatus.PROSPECT, 15), (TenancyStatus.EXITED, 15)))
            signed = today - timedelta(days=rng.randrange(30, 365 * 5))
            settled = min(today, signed + timedelta(days=rng.randrange(10, 90)))
            exited = settled + timedelta(days=rng.randrange(200, 900))
            if status is TenancyStatus.EXITED and exited >= today:
                exited = today - timedelta(days=rng.randrange(1, 30))
                signed = min(signed, exited - timedelta(days=120))
                settled = max(signed, min(settled, exited - timedelta(days=30)))
            org.tenancy = status
            org.moved_in = settled if status is not TenancyStatus.SIGNED else signed
            org.moved_out = exited
            at = now_at(signed - timedelta(days=rng.randrange(10, 60)), rng)
            writer.add(Tenancy.__table__, {
                "organisation_id": org.id, "status": status,
                "signed_on": None if status is TenancyStatus.PROSPECT else signed,
                "settled_on": settled if status in (TenancyStatus.SETTLED,
                                                    TenancyStatus.EXITED) else None,
                "exited_on": exited if status is TenancyStatus.EXITED else None,
                "notes": "", "created_at": at, "updated_at": at,
            })
    writer.flush_all()


def _space(writer, rng, orgs: list[_Org], buildings: int, today: date) -> None:
    """New buildings with their units; settled and signed tenants lease one to three units,
    exited ones held one before; a unit is never let to two tenants on the same day."""
    taken_codes = set(db.session.scalars(select(Building.code)))
    building_id, unit_id = _next_id(Building.__table__), _next_id(Unit.__table__)
    at = now_at(today - timedelta(days=365 * YEARS_OF_HISTORY), rng)
    units: list[tuple[int, float]] = []
    for number in range(1, buildings + 1):
        code = f"N{number}"
        while code in taken_codes:
            code += "X"
        place_en, place_zh = PLACES[number % len(PLACES)]
        floors = rng.randint(4, 16)
        writer.add(Building.__table__, {
            "id": building_id, "code": code, "name": f"{place_en} Innovation Block",
            "name_zh": f"{place_zh}创新楼", "floors": floors, "created_at": at,
            "updated_at": at})
        for floor in range(1, floors + 1):
            for door in range(1, rng.randint(4, 9) + 1):
                area = float(rng.choice((60, 80, 120, 150, 200, 300, 450)))
                status = _weighted(rng, ((UnitStatus.AVAILABLE, 90), (UnitStatus.RESERVED, 6),
                                         (UnitStatus.OUT_OF_SERVICE, 4)))
                writer.add(Unit.__table__, {
                    "id": unit_id, "building_id": building_id, "code": f"{floor}{door:02d}",
                    "floor": floor, "area_m2": area, "status": status,
                    "created_at": at, "updated_at": at})
                if status is UnitStatus.AVAILABLE:
                    units.append((unit_id, area))
                unit_id += 1
        building_id += 1
    writer.flush_all()

    # Only units the park offers are let: the reserved and out-of-service ones stay empty.
    rng.shuffle(units)
    free_from: dict[int, date] = {}
    tenants = [o for o in orgs if o.tenancy is not None]

    def lease(org: _Org, unit: tuple[int, float], start: date, end: date,
              status: LeaseStatus) -> None:
        created = now_at(start - timedelta(days=20), rng)
        writer.add(Lease.__table__, {
            "organisation_id": org.id, "unit_id": unit[0], "start_on": start, "end_on": end,
            "monthly_rent": int(unit[1] * rng.choice((45, 55, 65, 80))), "status": status,
            "created_at": created, "updated_at": created})
        free_from[unit[0]] = end + timedelta(days=1)

    # Exited tenants held units that today's tenants have taken since: their ended leases
    # come first on a unit, each of today's after the last one ended.
    exited = [o for o in tenants if o.tenancy is TenancyStatus.EXITED]
    for org, unit in zip(exited, units, strict=False):
        lease(org, unit, org.moved_in, org.moved_out, LeaseStatus.ENDED)
    cursor = 0
    for org in tenants:
        if org.tenancy not in (TenancyStatus.SETTLED, TenancyStatus.SIGNED):
            continue
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            if cursor >= len(units):
                break
            unit = units[cursor]
            cursor += 1
            start = max(free_from.get(unit[0], org.moved_in), org.moved_in)
            end = max(start + timedelta(days=365 * rng.randint(2, 5)),
                      today + timedelta(days=rng.randint(30, 700)))
            lease(org, unit, start, end, LeaseStatus.ACTIVE)
    writer.flush_all()


# Projects ------------------------------------------------------------------------------------

TEMPLATE_SHARES = (("full", 55), ("soft-goods", 15), ("digital", 15), ("concept-study", 15))


def add_projects(writer: _Writer, rng: random.Random, count: int, *, firms: Sequence[_Org],
                 clients: Sequence[_Org], specialties: Sequence[int], today: date,
                 partners: Sequence[_Org] = ()) -> dict[int, list[int]]:
    """`count` projects of `firms` for `clients`, each with its template's stages in a state
    the lifecycle service could have left them in, members from the firm's (and the
    client's) people, some milestones, IP records and partner labs. Returns the project ids
    by client, for needs that became projects."""
    project_id = _next_id(Project.__table__)
    firm_weights = list(accumulate(1 + len(f.people) for f in firms))
    by_client: dict[int, list[int]] = defaultdict(list)
    horizon = 365 * YEARS_OF_HISTORY
    for _ in range(count):
        firm = rng.choices(firms, cum_weights=firm_weights)[0]
        client = rng.choice(clients) if clients and rng.random() < 0.75 else None
        template = TEMPLATES[_weighted(rng, TEMPLATE_SHARES)]
        product = rng.randrange(len(PRODUCTS))
        specialty = (rng.choice(firm.specialties) if firm.specialties and rng.random() < 0.8
                     else rng.choice(specialties) if specialties else None)
        start = today - timedelta(days=rng.randrange(-60, horizon))
        stalled_at = rng.randrange(len(template.stages)) if rng.random() < 0.3 else None
        lead = firm.people[min(len(firm.people) - 1, rng.randrange(3))] if firm.people else None

        stages, planned, cursor, done, last_end = [], start, start, 0, None
        for position, kind in enumerate(template.stages):
            length = rng.randint(14, 75)
            planned_end = planned + timedelta(days=length)
            actual_end = cursor + timedelta(days=int(length * rng.uniform(0.8, 1.5)))
            finished = (done == position and actual_end < today
                        and (stalled_at is None or position < stalled_at))
            stage = {
                "project_id": project_id, "kind": kind, "position": position,
                "status": StageStatus.PENDING, "planned_start_on": planned,
                "planned_end_on": planned_end, "actual_start_on": None, "actual_end_on": None,
                "owner_id": None, "notes": "", "version": 1,
                "updated_at": datetime.combine(start, time(9), tzinfo=UTC),
            }
            if finished:
                skipped = position > 0 and rng.random() < 0.06
                stage.update(status=StageStatus.SKIPPED if skipped else StageStatus.APPROVED,
                             actual_start_on=None if skipped else cursor,
                             actual_end_on=None if skipped else actual_end, owner_id=lead,
                             updated_at=now_at(actual_end, rng))
                done += 1
                last_end = actual_end
                cursor = actual_end + timedelta(days=1)
            stages.append(stage)
            planned = planned_end + timedelta(days=1)

        if done == len(stages):
            status, current = ProjectStatus.COMPLETED, None
        else:
            current = stages[done]
            idle_days = (today - cursor).days
            if stalled_at is not None and idle_days > 365:
                status = _weighted(rng, ((ProjectStatus.CANCELLED, 55),
                                         (ProjectStatus.ON_HOLD, 45)))
            elif stalled_at is not None:
                status = _weighted(rng, ((ProjectStatus.ON_HOLD, 40), (ProjectStatus.ACTIVE, 60)))
            else:
                status = ProjectStatus.ACTIVE
            if cursor <= today:
                current.update(status=_weighted(rng, ((StageStatus.IN_PROGRESS, 70),
                                                      (StageStatus.AWAITING_APPROVAL, 30))),
                               actual_start_on=cursor, owner_id=lead,
                               updated_at=now_at(cursor, rng))
        visibility = _weighted(rng, ((Visibility.PRIVATE, 35), (Visibility.PARK, 45),
                                     (Visibility.PUBLIC, 20 if status is not
                                      ProjectStatus.COMPLETED else 45)))
        created = now_at(start - timedelta(days=rng.randrange(1, 30)), rng)
        writer.add(Project.__table__, {
            "id": project_id, "firm_id": firm.id, "client_id": client.id if client else None,
            "title": f"{PRODUCTS[product][0].upper()}{PRODUCTS[product][1:]}"
                     + (f" for {client.name}" if client else f" ({start.year})"),
            "summary": f"{PRODUCTS_ZH[product]}：{template.code} lifecycle, started "
                       f"{start.isoformat()}.",
            "specialty_id": specialty, "template": template.code, "start_on": start,
            "target_end_on": planned - timedelta(days=1),
            "completed_on": last_end if status is ProjectStatus.COMPLETED else None,
            "status": status, "visibility": visibility,
            "current_stage": current["kind"] if current else None,
            "created_by_id": lead, "version": 1, "created_at": created,
            "updated_at": max(created, max(s["updated_at"] for s in stages)),
        })
        writer.add_all(LifecycleStage.__table__, stages)

        people: dict[int, ProjectRole] = {}
        if lead:
            people[lead] = ProjectRole.LEAD
        for _ in range(rng.randint(0, 3)):
            if firm.people:
                people.setdefault(rng.choice(firm.people), rng.choice(
                    (ProjectRole.DESIGNER, ProjectRole.DESIGNER, ProjectRole.ENGINEER,
                     ProjectRole.ARTIST)))
        if client and client.people and rng.random() < 0.4:
            people.setdefault(client.people[0], ProjectRole.CLIENT_VIEWER)
        writer.add_all(ProjectMember.__table__, (
            {"project_id": project_id, "user_id": user_id, "role": role,
             "created_at": created, "updated_at": created} for user_id, role in people.items()))

        if rng.random() < 0.3:
            end = planned - timedelta(days=1)
            for number in range(rng.randint(1, 3)):
                due = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
                writer.add(Milestone.__table__, {
                    "project_id": project_id, "name": f"Milestone {number + 1}: client review",
                    "due_on": due,
                    "achieved_on": due if due < today and rng.random() < 0.85 else None,
                    "created_at": created, "updated_at": created})
        if rng.random() < 0.06:
            _ip_record(writer, rng, project_id, PRODUCTS[product], start, today, created)
        partner = rng.choice(partners) if partners and rng.random() < 0.05 else None
        if partner is not None and partner.id != firm.id:
            writer.add(project_partners, {"project_id": project_id,
                                          "organisation_id": partner.id})
        if client:
            by_client[client.id].append(project_id)
        project_id += 1
    writer.flush_all()
    return by_client


def insert_projects(rng: random.Random, count: int, *, firms: Sequence[tuple[int, str]],
                    clients: Sequence[tuple[int, str]], specialties: Sequence[int],
                    today: date) -> Counter:
    """For scripts that make their own organisations (benchmarks/export_memory.py): `count`
    projects as `add_projects` makes them, for (id, name) firms and clients; committed.
    Returns the rows written per table."""
    report = LargeReport()

    def bare(org_id: int, name: str, kind: OrgKind) -> _Org:
        return _Org(id=org_id, kind=kind, status=OrgStatus.APPROVED, name=name, slug="")

    add_projects(_Writer(report), rng, count,
                 firms=[bare(i, name, OrgKind.DESIGN_FIRM) for i, name in firms],
                 clients=[bare(i, name, OrgKind.MANUFACTURER) for i, name in clients],
                 specialties=specialties, today=today)
    db.session.commit()
    return report.rows


def _ip_record(writer, rng, project_id: int, product: str, start: date,
               today: date, created: datetime) -> None:
    kind = _weighted(rng, ((IpKind.DESIGN_PATENT, 50), (IpKind.UTILITY_MODEL, 25),
                           (IpKind.INVENTION_PATENT, 10), (IpKind.COPYRIGHT, 10),
                           (IpKind.TRADEMARK, 5)))
    status = _weighted(rng, ((IpStatus.DRAFTING, 15), (IpStatus.FILED, 35),
                             (IpStatus.GRANTED, 40), (IpStatus.REJECTED, 5),
                             (IpStatus.LAPSED, 5)))
    filed = None if status is IpStatus.DRAFTING else min(
        today, start + timedelta(days=rng.randrange(30, 400)))
    granted = (filed + timedelta(days=rng.randrange(120, 500))
               if status is IpStatus.GRANTED else None)
    expires = filed + timedelta(days=365 * 10) if filed else None
    writer.add(IpRecord.__table__, {
        "project_id": project_id, "kind": kind, "title": f"{product.capitalize()} design",
        "application_number": f"LP{filed.year}{project_id:09d}" if filed else None,
        "status": status, "filed_on": filed, "granted_on": granted, "expires_on": expires,
        "renewal_due_on": (granted + timedelta(days=365)) if granted else None,
        "owners": "", "notes": "", "created_at": created, "updated_at": created})


# Events and registrations ---------------------------------------------------------------------


def _events(writer, rng, orgs: list[_Org], venues: int, events: int, registrations: int,
            organiser_id: int | None, now: datetime) -> None:
    """Events over the last years and the next one in new venues, none overlapping another
    in its venue; registrations spread by popularity, the first `capacity` confirmed and the
    rest waitlisted, so `confirmed_count` is what the rows say."""
    taken = set(db.session.scalars(select(Venue.name)))
    venue_id, event_id = _next_id(Venue.__table__), _next_id(Event.__table__)
    halls = []
    for number in range(venues):
        place_en, place_zh = PLACES[number % len(PLACES)]
        name = f"{place_en} Hall {number + 1}"
        while name in taken:
            name += "+"
        capacity = rng.choice((40, 60, 80, 120, 200, 300, 500))
        writer.add(Venue.__table__, {
            "id": venue_id, "name": name, "name_zh": f"{place_zh}{number + 1}号厅",
            "location": f"Innovation Block N{number % 12 + 1}", "capacity": capacity,
            "active": True, "created_at": now, "updated_at": now})
        halls.append((venue_id, capacity))
        venue_id += 1
    writer.flush_all()

    today = now.date()
    first_day = today - timedelta(days=365 * EVENT_YEARS_BACK)
    span = (today + timedelta(days=EVENT_DAYS_AHEAD) - first_day).days
    per_venue = Counter(rng.randrange(len(halls)) for _ in range(events))
    planned = []  # (event row, eligible for registrations)
    for hall_index, count in sorted(per_venue.items()):
        hall_id, hall_capacity = halls[hall_index]
        days = sorted(rng.sample(range(span), min(count, span)))
        days += [days[-1] + n + 1 for n in range(count - len(days))]
        free_at = None
        for offset in days:
            day = first_day + timedelta(days=offset)
            kind = _weighted(rng, ((EventKind.WORKSHOP, 40), (EventKind.MATCHMAKING_FAIR, 20),
                                   (EventKind.EXHIBITION, 10), (EventKind.ROADSHOW, 15),
                                   (EventKind.SITE_VISIT, 15)))
            starts = _local(day, rng.choice((9, 10, 14)))
            if free_at is not None and starts < free_at:
                starts = free_at + timedelta(hours=1)
            length = (timedelta(days=rng.randint(1, 3)) if kind is EventKind.EXHIBITION
                      else timedelta(hours=rng.choice((2, 3, 4, 7))))
            ends = starts + length
            free_at = ends
            status = _weighted(rng, ((EventStatus.PUBLISHED, 88), (EventStatus.CANCELLED, 7),
                                     (EventStatus.DRAFT, 5 if starts > now else 0)))
            audience = _weighted(rng, ((Audience.EVERYONE, 75), (Audience.DESIGN_FIRMS, 10),
                                       (Audience.MANUFACTURERS, 10), (Audience.ACADEMIC, 5)))
            topic_en, topic_zh = rng.choice(TOPICS)
            word_en, word_zh = EVENT_WORDS[kind]
            opens = starts - timedelta(days=rng.randint(20, 60))
            meetings = kind is EventKind.MATCHMAKING_FAIR
            row = {
                "id": event_id, "title": f"{word_en}: {topic_en}",
                "title_zh": f"{topic_zh}{word_zh}",
                "description": f"{word_en} on {topic_en.lower()} for the park's firms, "
                               "manufacturers and researchers.",
                "description_zh": "", "kind": kind, "organiser_id": organiser_id,
                "venue_id": hall_id, "starts_at": starts, "ends_at": ends,
                "capacity": min(hall_capacity, rng.choice((20, 30, 40, 50, 60, 80, 100, 150))),
                "confirmed_count": 0, "audience": audience,
                "registration_opens_at": opens, "registration_closes_at": starts - timedelta(
                    days=1),
                "status": status, "meetings_enabled": meetings, "meeting_minutes": 20,
                "meeting_tables": rng.randint(5, 30) if meetings else 10,
                "meetings_start_at": starts + timedelta(hours=1) if meetings else None,
                "meetings_end_at": ends - timedelta(minutes=30) if meetings else None,
                "created_at": opens - timedelta(days=rng.randint(1, 20)),
                "updated_at": opens,
            }
            planned.append((row, status is not EventStatus.DRAFT and opens < now))
            event_id += 1

    # Who may come: people of approved organisations of the audience's kinds.
    pools: dict[Audience, list[tuple[int, int]]] = {}
    approved = [o for o in orgs if o.status is OrgStatus.APPROVED]
    for audience in Audience:
        kinds = AUDIENCE_KINDS.get(audience)
        pools[audience] = [(user_id, o.id) for o in approved
                           if kinds is None or o.kind in kinds for user_id in o.people]
    eligible = [row for row, ok in planned if ok and pools[row["audience"]]]
    wanted = _spread(rng, registrations,
                     [len(pools[row["audience"]]) for row in eligible],
                     [rng.lognormvariate(0, 0.8) * (row["capacity"] ** 0.5) for row in eligible])
    for row, count in zip(eligible, wanted, strict=True):
        cancelled_event = row["status"] is EventStatus.CANCELLED
        row["_people"] = rng.sample(pools[row["audience"]], count)
        live = [] if cancelled_event else [rng.random() >= 0.05 for _ in range(count)]
        row["confirmed_count"] = min(row["capacity"], sum(live))
        row["_live"] = live
    for row, _ in planned:
        writer.add(Event.__table__, {k: v for k, v in row.items() if not k.startswith("_")})
    writer.flush_all()

    for row in eligible:
        people, live = row["_people"], row["_live"]
        if not people:
            continue
        opens, closes = row["registration_opens_at"], row["registration_closes_at"]
        last = min(closes, now - timedelta(hours=1))
        window = max(60, int((last - opens).total_seconds()))
        queued = sorted(opens + timedelta(seconds=rng.randrange(window))
                        for _ in people)
        past = row["ends_at"] < now
        confirmed = 0
        for index, (user_id, org_id) in enumerate(people):
            if row["status"] is EventStatus.CANCELLED or not live[index]:
                status = RegistrationStatus.CANCELLED
            elif confirmed < row["capacity"]:
                status = RegistrationStatus.CONFIRMED
                confirmed += 1
            else:
                status = RegistrationStatus.WAITLISTED
            came = past and status is RegistrationStatus.CONFIRMED and rng.random() < 0.83
            writer.add(Registration.__table__, {
                "event_id": row["id"], "user_id": user_id, "organisation_id": org_id,
                "status": status, "queued_at": queued[index],
                "ticket_code": f"{rng.getrandbits(128):032x}",
                "checked_in_at": row["starts_at"] + timedelta(minutes=rng.randint(-30, 40))
                if came else None,
                "checked_in_by_id": organiser_id if came else None,
                "reminder_sent_at": row["starts_at"] - timedelta(days=1)
                if status is RegistrationStatus.CONFIRMED and row["starts_at"] - timedelta(
                    days=1) < now else None,
                "created_at": queued[index], "updated_at": queued[index],
            })
        assert confirmed == row["confirmed_count"]  # noqa: S101 (the rows and the count agree)
    writer.flush_all()


def _spread(rng, total: int, caps: list[int], weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, no share above its cap (as many as the caps
    allow)."""
    if not caps:
        return []
    weight_sum = sum(weights)
    shares = [min(cap, int(total * w / weight_sum)) for cap, w in zip(caps, weights,
                                                                        strict=True)]
    left = min(total, sum(caps)) - sum(shares)
    order = list(range(len(caps)))
    while left > 0:
        rng.shuffle(order)
        moved = 0
        for index in order:
            if left == 0:
                break
            if shares[index] < caps[index]:
                room = min(caps[index] - shares[index], max(1, left // len(caps)))
                shares[index] += room
                left -= room
                moved += room
        if not moved:
            break
    return shares


# Needs, invitations and matches --------------------------------------------------------------

OPEN_MATCH_STATUSES = ((MatchStatus.INTERESTED, 40), (MatchStatus.SHORTLISTED, 25),
                       (MatchStatus.INTRO_REQUESTED, 10), (MatchStatus.INTRODUCED, 15),
                       (MatchStatus.MEETING, 10))
MATCH_ORDER = (MatchStatus.INTERESTED, MatchStatus.SHORTLISTED, MatchStatus.INTRO_REQUESTED,
               MatchStatus.INTRODUCED, MatchStatus.MEETING, MatchStatus.CONVERTED)


def _needs(writer, rng, orgs: list[_Org], count: int, specialties, services,
           projects_by_client: dict[int, list[int]], today: date) -> None:
    owners = ([o for o in orgs if o.kind is OrgKind.MANUFACTURER and o.people] * 17
              + [o for o in orgs if o.kind is OrgKind.DESIGN_FIRM and o.people] * 2
              + [o for o in orgs if o.kind is OrgKind.PUBLIC_BODY and o.people])
    providers = [o for o in orgs if o.listed]
    by_service: dict[int, list[_Org]] = defaultdict(list)
    for provider in providers:
        for service in provider.services:
            by_service[service].append(provider)
    need_id, match_id = _next_id(Need.__table__), _next_id(MatchRow.__table__)
    service_names = dict(db.session.execute(select(ServiceType.id, ServiceType.name)).all())
    for _ in range(count):
        owner = rng.choice(owners)
        author = rng.choice(owner.people)
        created_day = today - timedelta(days=rng.randrange(365 * 4))
        created = now_at(created_day, rng)
        deadline = created_day + timedelta(days=rng.randint(30, 180))
        if deadline < today:
            status = _weighted(rng, ((NeedStatus.CONVERTED, 25), (NeedStatus.CLOSED, 55),
                                     (NeedStatus.IN_DISCUSSION, 10), (NeedStatus.OPEN, 10)))
        else:
            status = _weighted(rng, ((NeedStatus.OPEN, 65), (NeedStatus.IN_DISCUSSION, 30),
                                     (NeedStatus.CONVERTED, 5)))
        need_services = sorted(rng.sample(services, rng.randint(1, 3)))
        need_fields = sorted(set(owner.specialties[:1] + rng.sample(specialties, 1)))
        project = (rng.choice(projects_by_client[owner.id])
                   if status is NeedStatus.CONVERTED and projects_by_client.get(owner.id)
                   else None)
        budget = rng.choice((20_000, 50_000, 80_000, 120_000, 200_000, 500_000))
        has_budget = rng.random() < 0.6
        product = rng.randrange(len(PRODUCTS))
        visibility = NeedVisibility.INVITED if rng.random() < 0.12 else NeedVisibility.PARK
        writer.add(Need.__table__, {
            "id": need_id, "owner_id": owner.id, "created_by_id": author,
            "title": f"{service_names.get(need_services[0], 'Design')} for a "
                     f"{PRODUCTS[product]}",
            "description": f"We are looking for a partner for our new {PRODUCTS[product]} "
                           f"({PRODUCTS_ZH[product]}), from concept to small batches.",
            "budget_min": budget if has_budget else None,
            "budget_max": int(budget * rng.choice((1.2, 1.5, 2, 3))) if has_budget else None,
            "deadline": deadline, "visibility": visibility, "status": status,
            "project_id": project,
            "closed_reason": rng.choice(CLOSED_REASONS) if status is NeedStatus.CLOSED else "",
            "version": 1, "created_at": created, "updated_at": created,
        })
        writer.add_all(need_service_types, ({"need_id": need_id, "service_type_id": s}
                                            for s in need_services))
        writer.add_all(need_specialties, ({"need_id": need_id, "specialty_id": s}
                                          for s in need_fields))
        fitting = [p for p in by_service.get(need_services[0], []) if p.id != owner.id]
        invited: list[_Org] = []
        if visibility is NeedVisibility.INVITED and fitting:
            invited = rng.sample(fitting, min(len(fitting), rng.randint(1, 4)))
            writer.add_all(NeedInvitation.__table__, (
                {"need_id": need_id, "organisation_id": p.id, "team_id": None,
                 "invited_by_id": author, "created_at": created} for p in invited))
        candidates = invited or fitting
        matches = min(len(candidates), rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 6)))
        if status in (NeedStatus.CONVERTED, NeedStatus.IN_DISCUSSION):
            matches = max(matches, min(1, len(candidates)))
        for index, provider in enumerate(rng.sample(candidates, matches)):
            _match(writer, rng, match_id, need_id, status, index, provider, author, created,
                   project, today)
            match_id += 1
        need_id += 1
    writer.flush_all()


def _match(writer, rng, match_id, need_id, need_status, index, provider: _Org, author,
           created: datetime, project, today) -> None:
    if need_status is NeedStatus.CONVERTED and index == 0:
        status = MatchStatus.CONVERTED
    elif need_status in (NeedStatus.CONVERTED, NeedStatus.CLOSED):
        status = _weighted(rng, ((MatchStatus.DECLINED, 60), (MatchStatus.WITHDRAWN, 40)))
    elif need_status is NeedStatus.IN_DISCUSSION and index == 0:
        status = _weighted(rng, OPEN_MATCH_STATUSES[1:])
    else:
        status = _weighted(rng, OPEN_MATCH_STATUSES)
    reached = (MATCH_ORDER.index(status) if status in MATCH_ORDER
               else rng.randrange(3))  # how far a declined or withdrawn match got
    latest = datetime.combine(today, time(10), tzinfo=UTC)  # nothing happens after today
    at = min(latest, created + timedelta(days=rng.randint(1, 10)))
    moments = {}
    for step in MATCH_ORDER[:reached + 1]:
        moments[step] = at
        at = min(latest, at + timedelta(days=rng.randint(1, 12)))
    closed = status in (MatchStatus.CONVERTED, MatchStatus.DECLINED, MatchStatus.WITHDRAWN)
    meeting = moments.get(MatchStatus.MEETING)
    actor = provider.people[0] if provider.people else None
    writer.add(MatchRow.__table__, {
        "id": match_id, "need_id": need_id, "provider_id": provider.id, "team_id": None,
        "status": status, "message": "We have done this kind of work before and have room.",
        "reason": rng.choice(DECLINE_REASONS) if status is MatchStatus.DECLINED else "",
        "created_by_id": actor,
        "interested_at": moments.get(MatchStatus.INTERESTED),
        "shortlisted_at": moments.get(MatchStatus.SHORTLISTED),
        "introduced_at": moments.get(MatchStatus.INTRODUCED),
        "meeting_at": meeting, "converted_at": moments.get(MatchStatus.CONVERTED),
        "closed_at": at if closed else None, "meeting_id": None,
        "meeting_starts_at": meeting + timedelta(days=7) if meeting else None,
        "meeting_place": "Design Tower (A), meeting room 2" if meeting else "",
        "project_id": project if status is MatchStatus.CONVERTED else None,
        "version": 1, "created_at": moments[MatchStatus.INTERESTED], "updated_at": at,
    })
    previous = None
    for step, moment in moments.items():
        writer.add(MatchStepRow.__table__, {
            "match_id": match_id, "actor_id": actor if step is MatchStatus.INTERESTED
            else author, "from_status": previous, "to_status": step, "note": "",
            "created_at": moment})
        previous = step
    if status not in moments:
        writer.add(MatchStepRow.__table__, {
            "match_id": match_id, "actor_id": author, "from_status": previous,
            "to_status": status, "note": "", "created_at": at})
