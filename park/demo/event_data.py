"""The demo park's venues and cooperation events as plain data: when each event is (in days
from today, park-local times), who registers, who is on the waitlist and which meetings are
booked at the upcoming matchmaking fair.

No database code here; `park.demo.events` turns this into rows. Unlike the projects, events
are dated from the real today (the calendar is read against it): past ones fall in the two
months before, upcoming ones in the six weeks after, and one starts within the next 24 hours
so `flask events send-reminders` has something to send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from park.demo.data import ADMIN_EMAIL, DEMO_DOMAIN, FACULTY, INSTITUTE_SLUG, STUDENTS
from park.events.models import Audience, EventKind, EventStatus, MeetingStatus


@dataclass(frozen=True)
class DemoVenue:
    name: str
    name_zh: str
    location: str
    capacity: int


@dataclass(frozen=True)
class DemoMeeting:
    requester: str  # organisation slugs
    invitee: str
    slot: int  # 0 for the first slot of the meetings, 1 for the next, ...
    status: MeetingStatus
    message: str = ""


@dataclass(frozen=True)
class DemoEvent:
    title: str
    title_zh: str
    kind: EventKind
    venue: str  # the venue's name
    # Days from the park's today (negative: past) and park-local start and end times. An
    # event of several days runs from `start` on the first day to `end` on the last.
    # `day=None` places the event at the next full hour between 09:00 and 18:00 that is at
    # least two hours ahead (always within 24 hours); `end - start` is then its length.
    day: int | None
    start: time
    end: time
    capacity: int
    description: str
    description_zh: str
    days: int = 1
    audience: Audience = Audience.EVERYONE
    status: EventStatus = EventStatus.PUBLISHED
    organiser: str = ADMIN_EMAIL
    # Registrants: `people` first, in order, then others eligible for the audience up to
    # `registrants` in all; then `waitlist` (in order) once the event is full. `cancelled`
    # registered early and gave their place up.
    registrants: int = 0
    people: tuple[str, ...] = ()
    waitlist: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()
    registration_opens_days_before: int = 35
    registration_closes_the_evening_before: bool = False  # at 18:00; else at the start
    # One-to-one meetings (park-local times on the event's first day).
    meeting_minutes: int = 20
    meeting_tables: int = 0
    meetings_from: time | None = None
    meetings_until: time | None = None
    meetings: tuple[DemoMeeting, ...] = ()

    @property
    def meetings_enabled(self) -> bool:
        return self.meeting_tables > 0


def owner(slug: str) -> str:
    return f"{slug}@{DEMO_DOMAIN}"


def _t(text: str) -> time:
    return time.fromisoformat(text)


EXHIBITION_HALL = "Exhibition Hall"
MATCHMAKING_HALL = "Matchmaking Hall"
WORKSHOP_ROOM = "Workshop Room B2"
ROOF_TERRACE = "Roof Terrace"
LECTURE_THEATRE = "Fine Arts Institute Lecture Theatre"

VENUES: tuple[DemoVenue, ...] = (
    DemoVenue(EXHIBITION_HALL, "展示中心展厅", "Exhibition Hall (D), ground floor", 300),
    DemoVenue(MATCHMAKING_HALL, "对接洽谈厅", "Design Tower (A), 2nd floor", 120),
    DemoVenue(WORKSHOP_ROOM, "B2工作坊教室", "Prototype Workshop (B), 2nd floor", 40),
    DemoVenue(ROOF_TERRACE, "屋顶露台", "Design Tower (A), roof", 80),
    DemoVenue(LECTURE_THEATRE, "川美学术报告厅", "Incubator (C), ground floor", 200),
)

INSTITUTE_PEOPLE = tuple(person.email for person in (*FACULTY, *STUDENTS))

# The upcoming fair: manufacturers meet the design firms (and a lab) they want to work with.
FAIR_TITLE = "Motorcycle & EV design matchmaking fair"
FAIR_MANUFACTURERS = ("fengchi-motorcycle", "jiangyuan-nev", "dingsheng-auto-parts",
                      "yuefeng-appliances", "lingxi-smart-hardware", "tianfang-aero-textiles")
FAIR_FIRMS = ("toway", "artop-yuli", "mocheng-motorcycle-design", "qingneng-electrification",
              "lidian-ev-design", "yunjing-hmi", "geleshan-auto-interiors", "yanse-cmf",
              "jingmo-mould-design", "jiayi-product-design", "xiaoman-consumer-electronics",
              "mingqi-smart-home", "tianyi-aerospace-apparel", "yuheng-vehicle-testing",
              "shancheng-auto-design", "yuzhou-vehicle-styling", "xunfeng-moto-styling",
              "qiyue-two-wheeler", "jingdian-battery-systems", "diansu-charging-design",
              "hengya-die-casting", "suxing-prototyping")
FAIR_PEOPLE = (
    *(owner(slug) for slug in FAIR_MANUFACTURERS),
    *(owner(slug) for slug in FAIR_FIRMS),
    f"designer.toway@{DEMO_DOMAIN}",
    f"manager.artop-yuli@{DEMO_DOMAIN}",
)
# The fair is full: these three wait, in this order (the Chuangyu owner is first).
FAIR_WAITLIST = (owner("chuangyu"), FACULTY[0].email, owner("gongjiang-industrial-design"))

FAIR_MEETINGS: tuple[DemoMeeting, ...] = (
    DemoMeeting("fengchi-motorcycle", "mocheng-motorcycle-design", 0, MeetingStatus.ACCEPTED,
                "Our 400cc adventure bike needs a new face for the export markets."),
    DemoMeeting("fengchi-motorcycle", "artop-yuli", 1, MeetingStatus.REQUESTED,
                "We are moving our 250cc range to electric drive and would like to talk about "
                "a styling language for it."),
    DemoMeeting("fengchi-motorcycle", "qingneng-electrification", 2, MeetingStatus.ACCEPTED,
                "Motor housing and thermal layout for an electric commuter."),
    DemoMeeting("jiangyuan-nev", "toway", 0, MeetingStatus.ACCEPTED,
                "Facelift of our compact electric car for 2028."),
    DemoMeeting("jiangyuan-nev", "lidian-ev-design", 1, MeetingStatus.ACCEPTED,
                "Battery packaging for the light electric van."),
    DemoMeeting("jiangyuan-nev", "yunjing-hmi", 3, MeetingStatus.REQUESTED,
                "A simpler instrument cluster and voice assistant for delivery drivers."),
    DemoMeeting("dingsheng-auto-parts", "geleshan-auto-interiors", 0, MeetingStatus.DECLINED,
                "Door trim family for two vehicle makers."),
    DemoMeeting("dingsheng-auto-parts", "yanse-cmf", 2, MeetingStatus.ACCEPTED,
                "Colour and grain strategy for our interior trim range."),
    DemoMeeting("dingsheng-auto-parts", "jingmo-mould-design", 4, MeetingStatus.REQUESTED,
                "Mould-flow review of a bumper fascia with sink marks."),
    DemoMeeting("dingsheng-auto-parts", "toway", 5, MeetingStatus.REQUESTED,
                "Lamp signatures that fit your clients' front ends."),
    DemoMeeting("yuefeng-appliances", "jiayi-product-design", 1, MeetingStatus.ACCEPTED,
                "A kitchen appliance line for online retail."),
    DemoMeeting("lingxi-smart-hardware", "xiaoman-consumer-electronics", 0,
                MeetingStatus.ACCEPTED, "Next-generation earbuds and their charging case."),
    DemoMeeting("lingxi-smart-hardware", "mingqi-smart-home", 3, MeetingStatus.ACCEPTED,
                "A smart lock we could manufacture for your brand."),
    DemoMeeting("tianfang-aero-textiles", "tianyi-aerospace-apparel", 2, MeetingStatus.REQUESTED,
                "New flame-retardant fabrics for crew apparel."),
    DemoMeeting("toway", "yuheng-vehicle-testing", 2, MeetingStatus.ACCEPTED,
                "Durability testing plan for a show car going into low-volume production."),
)


EVENTS: tuple[DemoEvent, ...] = (
    # Past: the two months before today.
    DemoEvent(
        "Sichuan Fine Arts graduation show: industrial design", "四川美术学院工业设计毕业展",
        EventKind.EXHIBITION, EXHIBITION_HALL, day=-55, days=3, start=_t("09:00"),
        end=_t("18:00"), capacity=300, organiser=owner(INSTITUTE_SLUG),
        registrants=34, people=INSTITUTE_PEOPLE,
        description="The graduating class of the institute's industrial design school shows "
                    "its final projects: electric two-wheelers, smart home devices, mobility "
                    "concepts and aerospace apparel. Firms meet the students who made them.",
        description_zh="四川美术学院工业设计学院毕业生展示毕业作品：电动两轮车、智能家居、"
                       "未来出行概念和航天服饰。设计企业可与作品的作者当面交流。",
    ),
    DemoEvent(
        "CMF trends workshop", "CMF趋势工作坊", EventKind.WORKSHOP, WORKSHOP_ROOM, day=-41,
        start=_t("14:00"), end=_t("17:30"), capacity=36, audience=Audience.DESIGN_FIRMS,
        registrants=30, people=(owner("yanse-cmf"), owner("zhiwen-surface-design"),
                                f"designer.toway@{DEMO_DOMAIN}"),
        cancelled=(owner("jingmo-mould-design"),),
        description="Colour, material and finish trends for 2027 vehicles and electronics, with "
                    "hands-on time in a library of 3,000 material samples.",
        description_zh="2027年汽车与电子产品的色彩、材料与工艺趋势，并在拥有3000多种样品的"
                       "材料库中动手实践。",
    ),
    DemoEvent(
        "Design firms roadshow for Chengdu manufacturers", "面向成都制造企业的设计企业路演",
        EventKind.ROADSHOW, LECTURE_THEATRE, day=-33, start=_t("09:30"), end=_t("16:30"),
        capacity=150, registrants=36, people=(owner("toway"), owner("artop-yuli"),
                                              owner("chuangyu")),
        description="Twelve park firms present their services to a delegation of manufacturers "
                    "from Chengdu: ten-minute pitches in the morning, one-to-one talks in the "
                    "afternoon.",
        description_zh="十二家园区设计企业向成都制造企业代表团介绍服务：上午每家十分钟路演，"
                       "下午一对一洽谈。",
    ),
    DemoEvent(
        "Site visit: Fengchi moulding plant", "参观：风驰摩托车注塑工厂", EventKind.SITE_VISIT,
        MATCHMAKING_HALL, day=-24, start=_t("13:30"), end=_t("17:30"), capacity=30,
        audience=Audience.DESIGN_FIRMS, registrants=26,
        people=(owner("mocheng-motorcycle-design"), owner("jingmo-mould-design"),
                owner("hengya-die-casting")),
        description="A short briefing in the Matchmaking Hall, then the coach to Fengchi's "
                    "injection-moulding plant: how fairings and tanks are moulded, painted and "
                    "inspected, and what that asks of their design.",
        description_zh="先在对接洽谈厅简要介绍，再乘大巴前往风驰摩托车注塑工厂：了解整流罩和"
                       "油箱如何注塑、喷涂和检验，以及这对设计提出了哪些要求。",
    ),
    DemoEvent(
        "Smart home & consumer electronics matchmaking evening", "智能家居与消费电子对接晚会",
        EventKind.MATCHMAKING_FAIR, ROOF_TERRACE, day=-13, start=_t("18:30"), end=_t("21:30"),
        capacity=60, registrants=40,
        people=(owner("lingxi-smart-hardware"), owner("yuefeng-appliances"),
                owner("mingqi-smart-home"), owner("xiaoman-consumer-electronics")),
        description="Makers of appliances and smart hardware meet the park's product and "
                    "interaction designers over an evening on the terrace.",
        description_zh="家电与智能硬件制造企业与园区的产品和交互设计师在屋顶露台共度交流之夜。",
    ),
    DemoEvent(
        "Digital twin & HMI workshop", "数字孪生与人机界面工作坊", EventKind.WORKSHOP,
        WORKSHOP_ROOM, day=-6, start=_t("09:30"), end=_t("12:00"), capacity=40,
        audience=Audience.DESIGN_FIRMS, registrants=22,
        people=(owner("xuxiang-digital-twin"), owner("yunjing-hmi"),
                owner("shuzhi-digital-design")),
        description="From CAD to a live digital twin: reviewing an instrument cluster in a "
                    "virtual cockpit before the first prototype exists.",
        description_zh="从CAD到实时数字孪生：在第一台样机出现之前，在虚拟座舱中评审仪表盘设计。",
    ),
    # Upcoming.
    DemoEvent(
        "Green design salon: designing for disassembly", "绿色设计沙龙：面向拆解的设计",
        EventKind.WORKSHOP, WORKSHOP_ROOM, day=None, start=_t("00:00"), end=_t("02:30"),
        capacity=40, registrants=24,
        people=(owner("lvyuan-green-design"), owner("huanxun-circular-design"),
                STUDENTS[0].email, FACULTY[2].email),
        description="Screws instead of glue, one plastic instead of three: case studies of "
                    "appliances designed to be repaired and recycled, and what it cost.",
        description_zh="用螺丝代替胶水，用一种塑料代替三种：可维修、可回收家电设计案例及其成本。",
    ),
    DemoEvent(
        "Design & makers networking evening", "设计与制造交流晚会", EventKind.MATCHMAKING_FAIR,
        ROOF_TERRACE, day=6, start=_t("18:30"), end=_t("21:00"), capacity=80,
        status=EventStatus.CANCELLED, registrants=18,
        description="An informal evening for firms, manufacturers and the institute on the "
                    "roof terrace.",
        description_zh="设计企业、制造企业和学院师生在屋顶露台的非正式交流晚会。",
    ),
    DemoEvent(
        FAIR_TITLE, "摩托车与新能源汽车设计对接会", EventKind.MATCHMAKING_FAIR, MATCHMAKING_HALL,
        day=10, start=_t("09:00"), end=_t("17:30"), capacity=30, registrants=30,
        people=FAIR_PEOPLE, waitlist=FAIR_WAITLIST, cancelled=(f"manager.chuangyu@{DEMO_DOMAIN}",),
        registration_closes_the_evening_before=True,
        meeting_minutes=20, meeting_tables=12, meetings_from=_t("13:30"),
        meetings_until=_t("17:30"), meetings=FAIR_MEETINGS,
        description="Motorcycle and electric-vehicle makers meet the park's design firms. "
                    "Morning: each maker presents its plans for the next two years. Afternoon: "
                    "twenty-minute one-to-one meetings at twelve tables, booked in Park.",
        description_zh="摩托车与新能源汽车制造企业对接园区设计企业。上午：各企业介绍未来两年的"
                       "产品规划；下午：在十二张洽谈桌进行二十分钟一对一洽谈，在Park中预约。",
    ),
    DemoEvent(
        "Aerospace apparel & functional textiles workshop", "航天服饰与功能纺织品工作坊",
        EventKind.WORKSHOP, WORKSHOP_ROOM, day=17, start=_t("14:00"), end=_t("17:00"),
        capacity=30, audience=Audience.DESIGN_FIRMS, registrants=12,
        people=(owner("tianyi-aerospace-apparel"), owner("yunhang-flight-wear"),
                owner("xingji-functional-textiles"), f"designer.tianyi-aerospace-apparel@"
                                                     f"{DEMO_DOMAIN}"),
        description="Designing garments for extreme environments with textile engineers: "
                    "thermal layers, flame-retardant fabrics and sensors woven in.",
        description_zh="与纺织工程师一起设计极端环境服装：保暖层、阻燃面料和织入式传感器。",
    ),
    DemoEvent(
        "Winter exhibition: designed and made in Chongqing", "冬季展：重庆设计，重庆制造",
        EventKind.EXHIBITION, EXHIBITION_HALL, day=24, days=3, start=_t("10:00"),
        end=_t("18:00"), capacity=300, registrants=16,
        people=(owner("toway"), owner("fengchi-motorcycle"), owner(INSTITUTE_SLUG)),
        description="Products designed in the park and manufactured in the city, shown with the "
                    "sketches, models and moulds that led to them.",
        description_zh="园区设计、本市制造的产品，连同草图、模型和模具一起展出。",
    ),
    DemoEvent(
        "Site visit: Jiangyuan NEV assembly line", "参观：江源新能源汽车总装线",
        EventKind.SITE_VISIT, MATCHMAKING_HALL, day=31, start=_t("13:30"), end=_t("17:30"),
        capacity=25, audience=Audience.DESIGN_FIRMS, registrants=9,
        people=(owner("lidian-ev-design"), owner("chiyue-auto-engineering")),
        description="The coach leaves from the Design Tower after a briefing in the Matchmaking "
                    "Hall: Jiangyuan's final assembly line for compact electric cars.",
        description_zh="在对接洽谈厅简要介绍后从设计大厦乘大巴出发，参观江源紧凑型电动汽车总装线。",
    ),
    DemoEvent(
        "Spring matchmaking fair: smart home and appliances", "春季对接会：智能家居与家电",
        EventKind.MATCHMAKING_FAIR, MATCHMAKING_HALL, day=45, start=_t("09:00"),
        end=_t("17:00"), capacity=100, status=EventStatus.DRAFT,
        meeting_minutes=20, meeting_tables=10, meetings_from=_t("13:30"),
        meetings_until=_t("16:50"),
        description="Appliance and smart-hardware makers meet design firms; one-to-one "
                    "meetings in the afternoon. Programme to be confirmed.",
        description_zh="家电与智能硬件制造企业对接设计企业，下午一对一洽谈。日程待定。",
    ),
)
