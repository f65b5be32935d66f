"""The demo park's design projects as plain data: who runs them for whom, how far along the
lifecycle each one is on `REFERENCE_DAY`, their milestones and their IP records.

No database code here; `park.demo.projects` turns this into rows. Every date is fixed, and
everything that has happened happened before `REFERENCE_DAY` (2026-11-29): stages started,
gates approved, milestones achieved, rights filed and granted. Deadlines and milestones after
it are still to come; a few IP renewals fall due within the 90 days after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from park.demo.data import DEMO_DOMAIN, FACULTY, STUDENTS
from park.demo.space import REFERENCE_DAY
from park.projects.lifecycle import StageKind
from park.projects.models import IpKind, IpStatus, ProjectRole, ProjectStatus, Visibility

__all__ = ["PROJECTS", "REFERENCE_DAY", "DemoIp", "DemoMilestone", "DemoProject"]


@dataclass(frozen=True)
class DemoMilestone:
    name: str
    due_on: date
    achieved_on: date | None = None


@dataclass(frozen=True)
class DemoIp:
    kind: IpKind
    title: str
    number: str | None
    status: IpStatus
    filed_on: date | None = None
    granted_on: date | None = None
    expires_on: date | None = None
    renewal_due_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class DemoProject:
    firm: str  # the firm's slug
    title: str
    summary: str
    specialty: str  # specialty code
    template: str  # lifecycle template code
    start_on: date
    target_end_on: date
    # The stage the project is at (None: every stage is done) and the day it started; for a
    # finished project, the day its last gate was approved.
    stage: StageKind | None
    since: date
    lead: str  # e-mail of the project lead
    awaiting: bool = False  # the current stage waits for its gate to be approved
    members: tuple[tuple[str, ProjectRole], ...] = ()
    client: str | None = None  # a manufacturer's slug
    academic: bool = False  # the institute is an academic partner
    visibility: Visibility = Visibility.PRIVATE
    status: ProjectStatus = ProjectStatus.ACTIVE
    skipped: tuple[tuple[StageKind, str], ...] = ()  # (stage, why) skipped on the way
    returned: tuple[tuple[StageKind, str], ...] = ()  # gates sent back once before approval
    milestones: tuple[DemoMilestone, ...] = ()
    ip: tuple[DemoIp, ...] = ()


def _d(text: str) -> date:
    return date.fromisoformat(text)


def owner(slug: str) -> str:
    return f"{slug}@{DEMO_DOMAIN}"


def manager(slug: str) -> str:
    return f"manager.{slug}@{DEMO_DOMAIN}"


def designer(slug: str) -> str:
    return f"designer.{slug}@{DEMO_DOMAIN}"


def engineer(slug: str) -> str:
    return f"engineer.{slug}@{DEMO_DOMAIN}"


def _done(name: str, due: str, achieved: str) -> DemoMilestone:
    return DemoMilestone(name, _d(due), _d(achieved))


def _open(name: str, due: str) -> DemoMilestone:
    """Not achieved: overdue when due before the reference day, upcoming after it."""
    return DemoMilestone(name, _d(due))


def _ip(kind: IpKind, title: str, number: str | None, status: IpStatus, filed: str | None = None,
        granted: str | None = None, expires: str | None = None, renewal: str | None = None,
        notes: str = "") -> DemoIp:
    return DemoIp(kind, title, number, status, _d(filed) if filed else None,
                  _d(granted) if granted else None, _d(expires) if expires else None,
                  _d(renewal) if renewal else None, notes)


S = StageKind
R = ProjectRole
K = IpKind
I = IpStatus  # noqa: E741
V = Visibility

ADVISOR = FACULTY[0].email  # Li Wen, Future Mobility Laboratory
TEXTILE_ADVISOR = FACULTY[2].email  # He Yiran
STUDENT_ARTIST = STUDENTS[1].email  # Wang Zihan
STUDENT_ENGINEER = STUDENTS[3].email  # Zhang Haoyu


PROJECTS: tuple[DemoProject, ...] = (
    # Toway: automotive -----------------------------------------------------------------------
    DemoProject(
        "toway", "Compact electric SUV exterior · 紧凑型电动SUV外观",
        "Exterior styling of Jiangyuan's first compact electric SUV, from theme sketches to "
        "Class-A surfaces ready for the clay model and tooling release.",
        "automotive", "full", _d("2026-06-01"), _d("2027-06-30"),
        S.DETAILED_DESIGN, _d("2026-09-14"), owner("toway"),
        members=((designer("toway"), R.DESIGNER), (engineer("toway"), R.ENGINEER),
                 (owner("jiangyuan-nev"), R.CLIENT_VIEWER), (ADVISOR, R.ACADEMIC_ADVISOR),
                 (STUDENT_ARTIST, R.ARTIST)),
        client="jiangyuan-nev", academic=True, visibility=V.PARK,
        milestones=(_done("Theme selection with the client", "2026-07-31", "2026-07-29"),
                    _open("Class-A surfaces frozen", "2026-11-20"),
                    _open("Full-size clay model review", "2027-01-22")),
        ip=(_ip(K.DESIGN_PATENT, "Compact SUV front fascia", "202630781204.6", I.FILED,
                filed="2026-10-09"),),
    ),
    DemoProject(
        "toway", "Light electric van cabin · 轻型电动物流车驾驶室",
        "Cab interior and exterior for a light electric van used in city logistics: driver "
        "ergonomics, loading access and a cabin that is easy to clean.",
        "electrification", "full", _d("2026-09-01"), _d("2027-08-31"),
        S.CONCEPT, _d("2026-09-28"), manager("toway"), awaiting=True,
        members=((designer("toway"), R.DESIGNER),),
        client="jiangyuan-nev",
        milestones=(_done("Driver interviews with three fleets", "2026-09-25", "2026-09-24"),
                    _open("Concept gate with Jiangyuan", "2026-12-04")),
    ),
    DemoProject(
        "toway", "Chongqing Auto Show concept car · 重庆车展概念车",
        "A two-seat electric roadster concept shown on the park's stand at the Chongqing Auto "
        "Show, designed with the institute's Future Mobility Laboratory.",
        "automotive", "concept-study", _d("2025-03-03"), _d("2025-09-30"),
        None, _d("2025-09-19"), owner("toway"),
        members=((designer("toway"), R.DESIGNER), (ADVISOR, R.ACADEMIC_ADVISOR)),
        academic=True, visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        milestones=(_done("Show car unveiled", "2025-06-05", "2025-06-05"),),
        ip=(_ip(K.DESIGN_PATENT, "Electric roadster body", "202530392817.4", I.GRANTED,
                filed="2025-05-12", granted="2025-11-20", expires="2040-05-11",
                renewal="2026-12-20", notes="Annual fee paid by Toway."),
            _ip(K.COPYRIGHT, "Roadster concept renderings", "国作登字-2025-F-00871342",
                I.GRANTED, filed="2025-06-20", granted="2025-08-01")),
    ),
    # Artop Yuli: motorcycles and smart equipment ---------------------------------------------
    DemoProject(
        "artop-yuli", "Electric motorcycle fairing · 电动摩托车整流罩",
        "Full fairing for Fengchi's 10 kW electric sport motorcycle: aerodynamics, battery "
        "cooling ducts and an integrated light signature.",
        "motorcycle", "full", _d("2025-12-01"), _d("2027-03-31"),
        S.PROTOTYPE, _d("2026-10-12"), owner("artop-yuli"),
        members=((designer("artop-yuli"), R.DESIGNER), (engineer("artop-yuli"), R.ENGINEER),
                 (owner("fengchi-motorcycle"), R.CLIENT_VIEWER),
                 (STUDENT_ENGINEER, R.ENGINEER)),
        client="fengchi-motorcycle", academic=True, visibility=V.PARK,
        milestones=(_done("Wind-tunnel session booked", "2026-05-15", "2026-05-12"),
                    _open("First painted prototype", "2026-11-25"),
                    _open("EICMA show bike", "2027-02-26")),
        ip=(_ip(K.DESIGN_PATENT, "Motorcycle fairing with light blade", "202630204517.9",
                I.GRANTED, filed="2026-04-08", granted="2026-10-16", expires="2041-04-07",
                renewal="2027-01-15"),
            _ip(K.UTILITY_MODEL, "Battery cooling duct in a fairing side panel",
                "202620418839.2", I.FILED, filed="2026-06-02")),
    ),
    DemoProject(
        "artop-yuli", "250cc adventure motorcycle fuel tank · 250cc探险摩托油箱",
        "A 15-litre steel tank and its plastic covers for Fengchi's 250cc adventure model, "
        "designed with the stamping and moulding suppliers.",
        "motorcycle", "full", _d("2025-10-08"), _d("2026-12-31"),
        S.INSPECTION, _d("2026-11-02"), manager("artop-yuli"), awaiting=True,
        members=((engineer("artop-yuli"), R.ENGINEER),),
        client="fengchi-motorcycle",
        returned=((S.DETAILED_DESIGN, "Tank volume is 0.5 l short of the 15 l specification; "
                                      "please revise the inner shell."),),
        milestones=(_done("Tooling kick-off at the stamping plant", "2026-06-30", "2026-07-03"),
                    _open("First-article inspection signed off", "2026-11-27")),
    ),
    DemoProject(
        "artop-yuli", "Smart electric scooter · 智能电动滑板车",
        "A folding electric scooter with a connected dashboard, designed from user research "
        "to the production handover at the contract manufacturer.",
        "smart-equipment", "full", _d("2025-05-06"), _d("2026-12-18"),
        S.HANDOVER, _d("2026-11-09"), owner("artop-yuli"),
        members=((designer("artop-yuli"), R.DESIGNER),),
        visibility=V.PUBLIC,
        milestones=(_done("Drop and fatigue tests passed", "2026-10-30", "2026-10-28"),
                    _open("Pilot batch of 200 units", "2026-12-15")),
        ip=(_ip(K.INVENTION_PATENT, "One-step folding mechanism for a scooter stem",
                "202310255381.7", I.GRANTED, filed="2023-03-01", granted="2025-08-19",
                expires="2043-02-28", renewal="2027-03-01"),
            _ip(K.TRADEMARK, "VOLTA scooter mark", "80417735", I.FILED, filed="2025-09-10")),
    ),
    DemoProject(
        "artop-yuli", "E-bike battery-swap cabinet · 电动自行车换电柜",
        "A twelve-slot battery-swap cabinet for delivery riders, made for outdoor use and easy "
        "maintenance.",
        "electrification", "full", _d("2024-09-02"), _d("2025-10-31"),
        None, _d("2025-11-14"), owner("artop-yuli"),
        members=((engineer("artop-yuli"), R.ENGINEER),
                 (owner("fengchi-motorcycle"), R.CLIENT_VIEWER)),
        client="fengchi-motorcycle", visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        skipped=((S.INSPECTION, "First articles were inspected by Fengchi's own quality team "
                                "at the plant."),),
        milestones=(_done("Installed at 20 stations", "2025-11-30", "2025-11-26"),),
        ip=(_ip(K.DESIGN_PATENT, "Battery-swap cabinet", "202530058214.1", I.GRANTED,
                filed="2025-01-20", granted="2025-08-12", expires="2040-01-19",
                renewal="2027-01-20"),),
    ),
    # Xunfeng: motorcycle styling, with a record the match score can show ----------------------
    DemoProject(
        "xunfeng-moto-styling", "Sport scooter fairing set · 运动踏板车覆盖件",
        "Front fairing, side panels and tail for a 150 cc sport scooter: CMF in three colour "
        "schemes, mould design with the supplier and ten painted prototypes.",
        "motorcycle", "full", _d("2024-03-04"), _d("2025-01-31"),
        None, _d("2025-01-24"), owner("xunfeng-moto-styling"),
        client="fengchi-motorcycle", visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        milestones=(_done("Painted prototypes signed off", "2024-12-20", "2024-12-18"),),
    ),
    DemoProject(
        "xunfeng-moto-styling", "Adventure motorcycle tank and lamp · 探险摩托车油箱与灯具",
        "Fuel-tank covers and an LED headlamp for a 400 cc adventure motorcycle, from concept "
        "to the first moulded parts.",
        "motorcycle", "full", _d("2025-08-04"), _d("2026-06-30"),
        None, _d("2026-06-19"), owner("xunfeng-moto-styling"),
        visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        skipped=((S.INSPECTION, "The lamp supplier's own inspection report was accepted."),),
    ),
    # Chuangyu: consumer products and equipment -----------------------------------------------
    DemoProject(
        "chuangyu", "Smart home hub · 智能家居中控",
        "A wall-mounted home hub with a 7-inch screen, speaker and sensors, for Lingxi's "
        "contract manufacturing line.",
        "consumer-products", "full", _d("2026-03-16"), _d("2027-04-30"),
        S.MOULD_DESIGN, _d("2026-10-26"), owner("chuangyu"),
        members=((designer("chuangyu"), R.DESIGNER), (owner("lingxi-smart-hardware"),
                                                        R.CLIENT_VIEWER)),
        client="lingxi-smart-hardware", visibility=V.PARK,
        milestones=(_done("Usability study with 12 households", "2026-05-29", "2026-06-05"),
                    _open("Mould flow analysis approved", "2026-11-24"),
                    _open("T1 samples", "2027-01-29")),
        ip=(_ip(K.DESIGN_PATENT, "Wall-mounted home hub", None, I.DRAFTING,
                notes="Waiting for the final colour range before filing."),),
    ),
    DemoProject(
        "chuangyu", "Countertop water purifier · 台式净水器",
        "A countertop reverse-osmosis purifier for Yuefeng, reusing the tooling of the current "
        "model's base.",
        "consumer-products", "full", _d("2025-11-03"), _d("2026-12-31"),
        S.TESTING, _d("2026-11-16"), manager("chuangyu"),
        members=((designer("chuangyu"), R.DESIGNER),),
        client="yuefeng-appliances",
        skipped=((S.MOULD_DESIGN, "Yuefeng reuses the base mould of the current model; only "
                                  "the covers change."),),
        milestones=(_done("Prototype shown to Yuefeng's sales team", "2026-08-28",
                          "2026-08-27"),
                    _open("Certification tests booked", "2026-11-13"),
                    _open("Launch on the online store", "2027-03-15")),
        ip=(_ip(K.UTILITY_MODEL, "Quick-change filter cartridge", "202520019377.5", I.GRANTED,
                filed="2025-01-10", granted="2025-07-22", expires="2035-01-09",
                renewal="2027-01-10"),),
    ),
    DemoProject(
        "chuangyu", "Industrial sewing machine control panel · 工业缝纫机控制面板",
        "A control panel and casing for an industrial sewing machine, making it easier to "
        "operate for a whole shift.",
        "smart-equipment", "full", _d("2026-11-16"), _d("2027-09-30"),
        S.BRIEF, _d("2026-11-16"), owner("chuangyu"), visibility=V.PARK,
        milestones=(_open("Brief signed off", "2026-12-11"),),
    ),
    DemoProject(
        "chuangyu", "Air conditioner indoor unit refresh · 空调室内机外观改型",
        "A refreshed front panel and airflow louvres for Yuefeng's wall-mounted indoor units.",
        "consumer-products", "full", _d("2024-11-04"), _d("2025-11-28"),
        None, _d("2025-12-12"), owner("chuangyu"),
        members=((designer("chuangyu"), R.DESIGNER),),
        client="yuefeng-appliances", visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        milestones=(_done("Mass production started", "2025-12-15", "2025-12-12"),),
        ip=(_ip(K.DESIGN_PATENT, "Air conditioner indoor unit front panel", "202430631945.0",
                I.GRANTED, filed="2024-06-11", granted="2025-01-07", expires="2039-06-10",
                renewal="2027-06-11"),),
    ),
    # Aerospace apparel and functional textiles -----------------------------------------------
    DemoProject(
        "tianyi-aerospace-apparel", "Astronaut training suit · 航天员训练服",
        "A training suit for centrifuge and parabolic-flight sessions, with Tianfang's "
        "flame-retardant fabric and the institute's textile laboratory.",
        "aerospace-apparel", "soft-goods", _d("2026-02-02"), _d("2027-01-29"),
        S.PROTOTYPE, _d("2026-09-21"), owner("tianyi-aerospace-apparel"), awaiting=True,
        members=((designer("tianyi-aerospace-apparel"), R.DESIGNER),
                 (TEXTILE_ADVISOR, R.ACADEMIC_ADVISOR), (STUDENTS[0].email, R.ARTIST)),
        client="tianfang-aero-textiles", academic=True, visibility=V.PARK,
        milestones=(_done("Body-scan fitting with ten trainees", "2026-06-19", "2026-06-18"),
                    _open("Sample suits delivered", "2026-11-20")),
        ip=(_ip(K.INVENTION_PATENT, "Pressure-zoned knit for g-load garments",
                "202610837260.3", I.FILED, filed="2026-07-20"),
            _ip(K.DESIGN_PATENT, "Training suit with modular harness", "202530719904.8",
                I.GRANTED, filed="2025-12-01", granted="2026-06-30", expires="2040-11-30",
                renewal="2027-11-30")),
    ),
    DemoProject(
        "tianyi-aerospace-apparel", "Ground crew cold-weather jacket · 地勤防寒服",
        "A cold-weather jacket for launch-site ground crews: warm, visible and easy to move in.",
        "aerospace-apparel", "soft-goods", _d("2026-10-12"), _d("2027-05-31"),
        S.CONCEPT, _d("2026-11-02"), designer("tianyi-aerospace-apparel"),
        visibility=V.PUBLIC,
        milestones=(_open("Concept boards", "2026-12-18"),),
    ),
    DemoProject(
        "xingji-functional-textiles", "Heated liner for high-altitude workers · 高原作业加热内胆",
        "A battery-heated liner for power-line workers on the plateau, tested at -30 °C.",
        "aerospace-apparel", "soft-goods", _d("2025-09-01"), _d("2026-12-31"),
        S.TESTING, _d("2026-10-19"), owner("xingji-functional-textiles"), awaiting=True,
        client="tianfang-aero-textiles",
        milestones=(_done("Climate chamber booked", "2026-10-01", "2026-09-29"),
                    _open("Field trial in Ngari", "2027-01-15")),
        ip=(_ip(K.UTILITY_MODEL, "Washable heating panel connector", "202620630118.4",
                I.FILED, filed="2026-05-18"),
            _ip(K.UTILITY_MODEL, "Heated collar with sealed switch", "202520911402.6",
                I.REJECTED, filed="2025-11-03",
                notes="Refused for lack of novelty; the connector filing replaces it.")),
    ),
    # Rail ------------------------------------------------------------------------------------
    DemoProject(
        "guiyun-rail-design", "Mountain monorail interior · 山地单轨车辆内饰",
        "Interior of a new monorail car for Chongqing's steep lines: standing comfort on "
        "gradients, grab rails, lighting and the view over the river.",
        "rail-transit", "full", _d("2026-04-06"), _d("2027-10-29"),
        S.DETAILED_DESIGN, _d("2026-08-03"), owner("guiyun-rail-design"), awaiting=True,
        members=((designer("guiyun-rail-design"), R.DESIGNER), (ADVISOR, R.ACADEMIC_ADVISOR)),
        academic=True, visibility=V.PARK,
        milestones=(_done("Passenger flow study on line 2", "2026-05-29", "2026-05-27"),
                    _open("Mock-up section built", "2026-11-16"),
                    _open("Operator design review", "2027-02-05")),
        ip=(_ip(K.DESIGN_PATENT, "Monorail grab-rail and seat module", "202630912573.2",
                I.FILED, filed="2026-10-20"),),
    ),
    DemoProject(
        "guiyun-rail-design", "Metro seat module · 地铁座椅模块",
        "A moulded seat module for metro cars, supplied by Dingsheng, that is vandal-proof and "
        "quick to replace.",
        "rail-transit", "full", _d("2026-01-12"), _d("2027-03-31"),
        S.MOULD_DESIGN, _d("2026-10-08"), designer("guiyun-rail-design"),
        client="dingsheng-auto-parts",
        milestones=(_done("Material samples approved", "2026-07-17", "2026-07-21"),
                    _open("Mould design review at Dingsheng", "2026-12-10")),
    ),
    # Smart home and digital ------------------------------------------------------------------
    DemoProject(
        "mingqi-smart-home", "Smart door lock · 智能门锁",
        "A fingerprint and face-recognition door lock in a slim zinc-alloy body, made by "
        "Lingxi.",
        "consumer-products", "full", _d("2025-06-02"), _d("2026-12-31"),
        S.INSPECTION, _d("2026-11-05"), owner("mingqi-smart-home"),
        members=((engineer("mingqi-smart-home"), R.ENGINEER),),
        client="lingxi-smart-hardware", visibility=V.PUBLIC,
        milestones=(_done("Prototype passed 100,000 cycles", "2026-10-16", "2026-10-22"),
                    _open("Inspection report from the lab", "2026-11-26")),
        ip=(_ip(K.DESIGN_PATENT, "Slim smart door lock", "202530417662.3", I.GRANTED,
                filed="2025-03-18", granted="2025-10-09", expires="2040-03-17",
                renewal="2026-12-09"),
            _ip(K.TRADEMARK, "MINGQI HOME", "79382211", I.FILED, filed="2026-02-14")),
    ),
    DemoProject(
        "mingqi-smart-home", "Smart lighting app · 智能照明App",
        "The companion app for Mingqi's lights: scenes, schedules and a setup that takes less "
        "than a minute.",
        "digital-design", "digital", _d("2026-03-02"), _d("2026-12-31"),
        S.TESTING, _d("2026-11-09"), engineer("mingqi-smart-home"),
        milestones=(_done("Beta on the app stores", "2026-10-30", "2026-11-02"),
                    _open("Release 1.0", "2026-12-21")),
        ip=(_ip(K.COPYRIGHT, "Mingqi lighting app V1.0 (software)", "2026SR0456789",
                I.GRANTED, filed="2026-08-01", granted="2026-09-15"),),
    ),
    DemoProject(
        "pixel-river-interactive", "Fleet dashboard for electric vans · 电动物流车队看板",
        "A web dashboard for fleet managers: battery state, charging plans and driver "
        "schedules for Jiangyuan's van customers.",
        "digital-design", "digital", _d("2026-07-06"), _d("2027-02-26"),
        S.DETAILED_DESIGN, _d("2026-10-05"), owner("pixel-river-interactive"),
        members=((owner("jiangyuan-nev"), R.CLIENT_VIEWER),),
        client="jiangyuan-nev", visibility=V.PARK,
        milestones=(_done("Interviews with five fleet managers", "2026-08-14", "2026-08-14"),
                    _open("Clickable prototype", "2026-11-20")),
    ),
    DemoProject(
        "yunjing-hmi", "Instrument cluster HMI · 数字仪表盘界面",
        "A 12.3-inch digital instrument cluster for Dingsheng's customers, with day, night and "
        "sport themes.",
        "automotive", "digital", _d("2025-04-01"), _d("2025-12-31"),
        None, _d("2025-12-19"), owner("yunjing-hmi"),
        client="dingsheng-auto-parts", visibility=V.PUBLIC, status=ProjectStatus.COMPLETED,
        returned=((S.CONCEPT, "The night theme's contrast is too low in the tunnel test; "
                              "please rework the palette."),),
        milestones=(_done("UI assets delivered to the supplier", "2025-12-19", "2025-12-19"),),
        ip=(_ip(K.COPYRIGHT, "Cluster theme artwork", "国作登字-2025-F-01190254", I.GRANTED,
                filed="2025-10-13", granted="2025-11-21"),),
    ),
    DemoProject(
        "shuzhi-digital-design", "Virtual showroom configurator · 虚拟展厅配置器",
        "A real-time 3D configurator for Fengchi's dealers, paused while Fengchi re-plans its "
        "model year.",
        "digital-design", "digital", _d("2026-01-05"), _d("2026-09-30"),
        S.PROTOTYPE, _d("2026-07-20"), owner("shuzhi-digital-design"),
        client="fengchi-motorcycle", status=ProjectStatus.ON_HOLD,
        milestones=(_done("Three models digitised", "2026-06-26", "2026-07-03"),
                    _open("Dealer pilot", "2026-09-30")),
    ),
    # Charging and electrification ------------------------------------------------------------
    DemoProject(
        "diansu-charging-design", "7 kW wall-box EV charger · 7kW家用交流充电桩",
        "A home wall-box charger for Jiangyuan's compact cars: IP65 housing, cable management "
        "and a status light readable in sunlight.",
        "electrification", "full", _d("2025-12-15"), _d("2027-01-29"),
        S.MOULD_DESIGN, _d("2026-10-19"), owner("diansu-charging-design"), awaiting=True,
        members=((designer("diansu-charging-design"), R.DESIGNER),
                 (owner("jiangyuan-nev"), R.CLIENT_VIEWER)),
        client="jiangyuan-nev", visibility=V.PUBLIC,
        milestones=(_done("Cable-hook usability test", "2026-08-07", "2026-08-06"),
                    _open("Mould release", "2026-12-04")),
        ip=(_ip(K.DESIGN_PATENT, "Wall-box charger housing", "202530584410.7", I.GRANTED,
                filed="2025-08-05", granted="2026-03-17", expires="2040-08-04",
                renewal="2027-08-05"),
            _ip(K.UTILITY_MODEL, "Self-draining cable holster", "202620771026.9", I.FILED,
                filed="2026-09-01")),
    ),
    DemoProject(
        "diansu-charging-design", "Outdoor DC fast charger · 户外直流快充桩",
        "A 120 kW DC charger for highway service areas, with a cable-lift arm and a "
        "sun-readable screen.",
        "electrification", "full", _d("2026-09-14"), _d("2027-10-29"),
        S.CONCEPT, _d("2026-10-26"), designer("diansu-charging-design"),
        milestones=(_open("Concept review", "2026-12-11"),),
    ),
    # Medical devices -------------------------------------------------------------------------
    DemoProject(
        "kangshi-medical-design", "Rehabilitation walker housing · 康复助行器外壳",
        "Housing and handles for a powered rehabilitation walker, with usability engineering "
        "to IEC 62366.",
        "medical-devices", "full", _d("2026-01-19"), _d("2027-02-26"),
        S.PROTOTYPE, _d("2026-10-26"), owner("kangshi-medical-design"),
        members=((ADVISOR, R.ACADEMIC_ADVISOR),),
        academic=True, visibility=V.PARK,
        milestones=(_done("Formative usability study", "2026-05-22", "2026-05-29"),
                    _open("Prototype for the hospital trial", "2027-01-08")),
        ip=(_ip(K.UTILITY_MODEL, "Soft-start handle brake", None, I.DRAFTING),),
    ),
    DemoProject(
        "kangshi-medical-design", "Portable infusion pump housing · 便携输液泵外壳",
        "A drop-resistant housing for a portable infusion pump, easy to disinfect.",
        "medical-devices", "full", _d("2025-10-13"), _d("2026-12-31"),
        S.INSPECTION, _d("2026-11-12"), owner("kangshi-medical-design"),
        milestones=(_done("Drop test from 1.2 m passed", "2026-10-23", "2026-10-21"),
                    _open("Inspection at the lab", "2026-11-25")),
        ip=(_ip(K.DESIGN_PATENT, "Infusion pump housing", "202630330652.1", I.FILED,
                filed="2026-05-06"),),
    ),
    # Consumer electronics, two-wheelers, motorcycles -----------------------------------------
    DemoProject(
        "xiaoman-consumer-electronics", "Open-ear sports headphones · 开放式运动耳机",
        "Open-ear headphones for runners, made by Lingxi: a titanium band, IP55 and eight hours "
        "of play.",
        "consumer-products", "full", _d("2025-07-01"), _d("2026-12-18"),
        S.TESTING, _d("2026-11-02"), owner("xiaoman-consumer-electronics"),
        client="lingxi-smart-hardware", visibility=V.PUBLIC,
        milestones=(_done("Sweat and salt-spray tests", "2026-11-13", "2026-11-13"),
                    _open("Sample run of 500 pairs", "2026-12-11")),
        ip=(_ip(K.TRADEMARK, "XIAOMAN mark (class 9)", "18803126", I.GRANTED,
                filed="2015-09-01", granted="2016-12-28", expires="2026-12-27",
                renewal="2026-12-27", notes="Renewal application to file before expiry."),
            _ip(K.DESIGN_PATENT, "Open-ear headphone band", "202530968112.4", I.GRANTED,
                filed="2025-10-20", granted="2026-05-12", expires="2040-10-19",
                renewal="2027-10-20")),
    ),
    DemoProject(
        "qiyue-two-wheeler", "Folding e-bike frame · 折叠电助力自行车车架",
        "A folding aluminium frame with the battery in the down tube, for Fengchi's new urban "
        "e-bike line.",
        "motorcycle", "full", _d("2025-08-04"), _d("2026-12-31"),
        S.HANDOVER, _d("2026-11-16"), owner("qiyue-two-wheeler"), awaiting=True,
        members=((owner("fengchi-motorcycle"), R.CLIENT_VIEWER),),
        client="fengchi-motorcycle", visibility=V.PARK,
        skipped=((S.INSPECTION, "Frames were inspected by Fengchi's quality team at the "
                                "welding line."),),
        milestones=(_done("EN 15194 tests passed", "2026-11-06", "2026-11-10"),
                    _open("Production handover signed", "2026-11-27")),
        ip=(_ip(K.UTILITY_MODEL, "Folding hinge with integrated battery lock",
                "202520487301.3", I.GRANTED, filed="2025-12-08", granted="2026-06-23",
                expires="2035-12-07", renewal="2026-12-08"),),
    ),
    DemoProject(
        "mocheng-motorcycle-design", "Cruiser motorcycle concept · 巡航摩托车概念",
        "A 650cc cruiser concept for export markets; cancelled when the client's engine "
        "programme stopped.",
        "motorcycle", "concept-study", _d("2026-03-02"), _d("2026-08-31"),
        S.CONCEPT, _d("2026-04-13"), owner("mocheng-motorcycle-design"),
        status=ProjectStatus.CANCELLED,
        milestones=(_done("Sketch review", "2026-04-30", "2026-04-30"),),
        ip=(_ip(K.DESIGN_PATENT, "Cruiser tank and seat line", "202330120456.6", I.LAPSED,
                filed="2023-02-13", granted="2023-08-22", expires="2038-02-12",
                renewal="2026-02-13", notes="Annual fee not paid after the programme stopped."),),
    ),
    DemoProject(
        "lvyuan-green-design", "Recyclable appliance packaging · 可回收家电包装",
        "Moulded-pulp packaging to replace expanded polystyrene in Yuefeng's water-heater "
        "boxes, with a life-cycle assessment.",
        "green-design", "concept-study", _d("2026-06-15"), _d("2026-12-18"),
        S.HANDOVER, _d("2026-10-30"), owner("lvyuan-green-design"),
        client="yuefeng-appliances", visibility=V.PUBLIC,
        milestones=(_done("Life-cycle assessment report", "2026-09-30", "2026-10-09"),
                    _open("Packaging line trial", "2026-12-16")),
    ),
    # Automotive and machinery ----------------------------------------------------------------
    DemoProject(
        "shancheng-auto-design", "Pickup truck front-end refresh · 皮卡车前脸改型",
        "A new grille, lamps and bumper for a pickup facelift, with Dingsheng making the parts.",
        "automotive", "full", _d("2026-11-09"), _d("2027-12-17"),
        S.BRIEF, _d("2026-11-09"), owner("shancheng-auto-design"), awaiting=True,
        client="dingsheng-auto-parts",
        milestones=(_open("Brief approved by Dingsheng", "2026-11-27"),),
    ),
    DemoProject(
        "jiangshan-equipment-design", "Excavator operator cab · 挖掘机驾驶室",
        "A quieter, better-ventilated cab for a 20-tonne excavator, with all-round visibility.",
        "machinery", "full", _d("2026-05-04"), _d("2027-06-30"),
        S.DETAILED_DESIGN, _d("2026-09-07"), owner("jiangshan-equipment-design"),
        visibility=V.PARK,
        milestones=(_done("Operator survey at three sites", "2026-06-12", "2026-06-19"),
                    _open("Noise simulation", "2026-10-30"),
                    _open("Cab mock-up", "2027-01-29")),
        ip=(_ip(K.UTILITY_MODEL, "Roof-mounted air intake for an excavator cab",
                "202220301877.0", I.LAPSED, filed="2022-04-01", granted="2022-11-15",
                expires="2032-03-31", renewal="2025-04-01",
                notes="Let lapse: the new cab replaces the design."),),
    ),
)
