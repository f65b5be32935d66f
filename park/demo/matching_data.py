"""The demo park's matching as plain data: what the institute's people offer (academic
profiles), three "artists + engineers" teams, and the needs manufacturers posted with the
providers in play for each, every match at a different step of its way.

No database code here; `park.demo.matching` turns this into rows. Like the events, needs are
dated from the real today (a need's deadline and its proposed meetings lie ahead): `posted`
is how many days ago a need went up, and a match's steps follow it a few days apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from park.demo.data import DEMO_DOMAIN, FACULTY, STUDENTS
from park.demo.event_data import FAIR_TITLE
from park.matching.models import (
    AcademicPosition,
    Availability,
    Discipline,
    MatchStatus,
    NeedVisibility,
)

A = Discipline.ART_DESIGN
E = Discipline.ENGINEERING
M = MatchStatus


def owner(slug: str) -> str:
    return f"{slug}@{DEMO_DOMAIN}"


# Academic profiles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAcademicProfile:
    email: str
    position: AcademicPosition
    discipline: Discipline
    skills: str
    bio: str
    availability: Availability = Availability.AVAILABLE


LI_WEN, ZHOU_JIANHUA, HE_YIRAN = (person.email for person in FACULTY)
CHEN_YUTONG, WANG_ZIHAN, LIU_SIQI, ZHANG_HAOYU = (person.email for person in STUDENTS)

ACADEMIC_PROFILES: tuple[DemoAcademicProfile, ...] = (
    DemoAcademicProfile(
        LI_WEN, AcademicPosition.FACULTY, A,
        "mobility design, design research, sketching, clay modelling",
        "Leads the Future Mobility Laboratory; advises firms on cabins and shared vehicles.",
        Availability.LIMITED),
    DemoAcademicProfile(
        ZHOU_JIANHUA, AcademicPosition.FACULTY, E,
        "mechatronics, structural analysis, design for manufacture",
        "Teaches engineering to design students and checks that their concepts can be built."),
    DemoAcademicProfile(
        HE_YIRAN, AcademicPosition.FACULTY, E,
        "textile engineering, flame-retardant materials, thermal testing",
        "Works on functional fabrics with the park's aerospace apparel firms.",
        Availability.LIMITED),
    DemoAcademicProfile(
        CHEN_YUTONG, AcademicPosition.STUDENT, A,
        "CMF, colour trends, surface finishes, Photoshop",
        "Final-year industrial design student; graduation project on electric two-wheelers."),
    DemoAcademicProfile(
        WANG_ZIHAN, AcademicPosition.STUDENT, A,
        "form development, clay modelling, Alias, Keyshot",
        "Industrial design student who sculpts fairings and tanks in clay before CAD."),
    DemoAcademicProfile(
        LIU_SIQI, AcademicPosition.STUDENT, A,
        "apparel design, pattern cutting, illustration",
        "Fashion and apparel student interested in garments for extreme environments."),
    DemoAcademicProfile(
        ZHANG_HAOYU, AcademicPosition.STUDENT, E,
        "SolidWorks, CAE, packaging studies, Python",
        "Engineering student on the institute's design-engineering track.",
        Availability.UNAVAILABLE),
)


# Teams ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTeamMember:
    email: str
    organisation: str  # the slug of the organisation the person comes from
    discipline: Discipline
    role: str


@dataclass(frozen=True)
class DemoTeam:
    name: str
    organisation: str  # the slug of the organisation that runs its projects
    description: str
    specialties: tuple[str, ...]
    services: tuple[str, ...]
    members: tuple[DemoTeamMember, ...]  # the first one created the team

    @property
    def created_by(self) -> str:
        return self.members[0].email


INSTITUTE = "scfai"
FIRM_ENGINEER = f"engineer.artop-yuli@{DEMO_DOMAIN}"  # 陈静

FAIRING_STUDIO = "Fairing Studio"
CREW_WEAR_LAB = "Crew Wear Lab"
CABIN_TEAM = "Future Mobility Cabin Team"

TEAMS: tuple[DemoTeam, ...] = (
    # Two institute artists and a firm engineer: the park's "artists + engineers" model.
    DemoTeam(
        FAIRING_STUDIO, "artop-yuli",
        "Two of the institute's industrial design students shape fairings and pick their "
        "colours and finishes; Artop Yuli's structural engineer makes them mouldable.",
        ("motorcycle",), ("industrial-design", "cmf", "prototype-production"),
        (DemoTeamMember(FIRM_ENGINEER, "artop-yuli", E, "Structural engineer"),
         DemoTeamMember(CHEN_YUTONG, INSTITUTE, A, "Colour, material and finish"),
         DemoTeamMember(WANG_ZIHAN, INSTITUTE, A, "Form and clay modelling")),
    ),
    DemoTeam(
        CREW_WEAR_LAB, "tianyi-aerospace-apparel",
        "Apparel designers and a textile engineer working on garments for crews, pilots and "
        "people who work outdoors in the cold.",
        ("aerospace-apparel",), ("design-research", "industrial-design", "cmf"),
        (DemoTeamMember(f"designer.tianyi-aerospace-apparel@{DEMO_DOMAIN}",
                        "tianyi-aerospace-apparel", A, "Apparel designer"),
         DemoTeamMember(LIU_SIQI, INSTITUTE, A, "Patterns and illustration"),
         DemoTeamMember(HE_YIRAN, INSTITUTE, E, "Textile engineering")),
    ),
    DemoTeam(
        CABIN_TEAM, INSTITUTE,
        "The Future Mobility Laboratory's team for cabins, dashboards and the experience of "
        "shared and commercial vehicles.",
        ("automotive", "digital-design"), ("design-research", "industrial-design", "ux-ui"),
        (DemoTeamMember(LI_WEN, INSTITUTE, A, "Team lead, mobility design"),
         DemoTeamMember(ZHOU_JIANHUA, INSTITUTE, E, "Mechatronics"),
         DemoTeamMember(ZHANG_HAOYU, INSTITUTE, E, "CAD and packaging"),
         DemoTeamMember(f"engineer.toway@{DEMO_DOMAIN}", "toway", E, "Vehicle engineer")),
    ),
)


# Needs and their matches ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoMeetingPlan:
    """Where a proposed meeting takes place: the one-to-one meeting the two organisations
    already have at `event` (when the seed finds it), else `place` in `in_days` days at
    `hour` (park-local)."""

    place: str
    in_days: int
    hour: int
    event: str | None = None


@dataclass(frozen=True)
class DemoMatch:
    """A provider (an organisation's slug) or a team (its name) in play for a need, and the
    statuses it went through, first to last. The first is INTERESTED (the provider spoke up)
    or SHORTLISTED (the owner picked it from the ranking); every next one is a move the
    lifecycle allows."""

    path: tuple[MatchStatus, ...]
    provider: str | None = None
    team: str | None = None
    message: str = ""
    notes: tuple[tuple[MatchStatus, str], ...] = ()  # the note of a step (why, what next)
    meeting: DemoMeetingPlan | None = None

    def note(self, status: MatchStatus) -> str:
        return dict(self.notes).get(status, "")


@dataclass(frozen=True)
class DemoNeed:
    owner: str  # the manufacturer's slug; its owner posted the need
    title: str
    description: str
    specialties: tuple[str, ...]
    services: tuple[str, ...]
    posted: int  # days ago
    deadline: int | None  # days from today
    budget_min: int | None = None
    budget_max: int | None = None
    visibility: NeedVisibility = NeedVisibility.PARK
    invited: tuple[str, ...] = ()  # organisation slugs, or team names
    matches: tuple[DemoMatch, ...] = ()
    closed_reason: str = ""  # set: the owner closed the need after the matches' moves


MOTORCYCLE_FAIRING = "Electric motorcycle fairing: CMF + mould design + prototype"
CONVERTED_NEED = "Electric commuter motorcycle: motor housing and thermal layout"
INVITED_NEED = "Electric scooter range: design for mass production"

MEET_AT_THE_FAIR = DemoMeetingPlan("Fengchi Motorcycle, design review room", 12, 10,
                                   event=FAIR_TITLE)

NEEDS: tuple[DemoNeed, ...] = (
    # The showcase: one need with a provider at every step but conversion.
    DemoNeed(
        "fengchi-motorcycle", MOTORCYCLE_FAIRING,
        "A full fairing for our 10 kW electric sport motorcycle, built in 2027. We want a "
        "colour, material and finish proposal for three trims, the injection-mould design for "
        "the five fairing panels, and two rideable prototypes for the spring motor show.",
        ("motorcycle",), ("cmf", "mould-design", "prototype-production"),
        posted=24, deadline=120, budget_min=400_000, budget_max=900_000,
        matches=(
            DemoMatch((M.INTERESTED, M.SHORTLISTED, M.MEETING), provider="artop-yuli",
                      message="We designed the fairing of your current electric sport model and "
                              "run mould design and prototypes in house.",
                      notes=((M.MEETING, "Let us go through the panel split at the fair."),),
                      meeting=MEET_AT_THE_FAIR),
            DemoMatch((M.INTERESTED, M.SHORTLISTED), provider="zhiwen-surface-design",
                      message="In-mould decoration would give the three trims without paint: "
                              "we design the finish and the mould together."),
            DemoMatch((M.INTERESTED, M.INTRO_REQUESTED, M.INTRODUCED),
                      provider="xunfeng-moto-styling",
                      message="Fairings are all we do: CMF and prototypes, with a mould "
                              "partner we work with every week.",
                      notes=((M.INTRODUCED, "Xunfeng's studio is in Building B, two floors "
                                            "above the prototype workshop: Mr Xu expects "
                                            "your call this week."),)),
            DemoMatch((M.INTERESTED, M.INTRO_REQUESTED), provider="hengya-die-casting",
                      message="We can design the moulds for the panels and the die-cast "
                              "brackets that hold them."),
            DemoMatch((M.INTERESTED,), team=FAIRING_STUDIO,
                      message="Two institute designers and an Artop Yuli engineer: clay "
                              "models in two weeks, CMF boards for the three trims."),
            DemoMatch((M.INTERESTED,), provider="qiyue-two-wheeler",
                      message="We design electric two-wheelers end to end, prototypes "
                              "included."),
            DemoMatch((M.INTERESTED, M.DECLINED), provider="mocheng-motorcycle-design",
                      message="Our styling team would love a sport fairing.",
                      notes=((M.DECLINED, "We need mould design and prototypes from the same "
                                          "team, and you offer neither."),)),
            DemoMatch((M.INTERESTED, M.WITHDRAWN), provider="suxing-prototyping",
                      message="Vacuum-cast prototypes in ten days.",
                      notes=((M.WITHDRAWN, "Our workshop is fully booked until March; we "
                                           "cannot meet your motor-show date."),)),
        ),
    ),
    # Converted: the match became a project of the firm, with Fengchi as client.
    DemoNeed(
        "fengchi-motorcycle", CONVERTED_NEED,
        "The motor housing, cooling fins and battery-to-motor layout of a 4 kW electric "
        "commuter motorcycle, with thermal tests on the bench.",
        ("motorcycle", "electrification"), ("structural-engineering", "testing"),
        posted=30, deadline=150, budget_min=250_000, budget_max=450_000,
        matches=(
            DemoMatch((M.INTERESTED, M.SHORTLISTED, M.MEETING, M.CONVERTED),
                      provider="qingneng-electrification",
                      message="Motor housings and thermal management for electric two-wheelers "
                              "are our core work; our test bench is in the park.",
                      notes=((M.MEETING, "Bring the thermal results of your last housing."),),
                      meeting=DemoMeetingPlan("Fengchi Motorcycle, engineering building, "
                                              "room 301", -6, 14)),
            DemoMatch((M.INTERESTED, M.DECLINED), provider="jingdian-battery-systems",
                      message="We could design the battery side of the layout.",
                      notes=((M.DECLINED, "We chose one firm for the motor and the battery "
                                          "layout together."),)),
        ),
    ),
    # Invited only: three invitations, one answered.
    DemoNeed(
        "fengchi-motorcycle", INVITED_NEED,
        "Three electric scooters on one platform, designed for our Chongqing line: the "
        "industrial design, the structure and a pilot batch of 50 units. Invited firms only: "
        "the platform is not announced yet.",
        ("motorcycle",), ("industrial-design", "structural-engineering", "production-handover"),
        posted=16, deadline=200, budget_min=600_000, budget_max=1_200_000,
        visibility=NeedVisibility.INVITED,
        invited=("artop-yuli", "qiyue-two-wheeler", FAIRING_STUDIO),
        matches=(
            DemoMatch((M.INTERESTED, M.INTRO_REQUESTED, M.INTRODUCED), provider="artop-yuli",
                      message="A platform of three scooters is what we did for two export "
                              "brands; happy to show you how.",
                      notes=((M.INTRODUCED, "The park office introduced both managing "
                                            "directors by e-mail; they meet next week."),)),
        ),
    ),
    DemoNeed(
        "jiangyuan-nev", "Light electric van: battery packaging and thermal design",
        "Package a 50 kWh battery under the floor of our light electric van without losing "
        "cargo space, and keep it cool in Chongqing summers.",
        ("electrification", "automotive"), ("structural-engineering", "industrial-design"),
        posted=20, deadline=90, budget_min=300_000, budget_max=500_000,
        matches=(
            DemoMatch((M.INTERESTED, M.MEETING), provider="lidian-ev-design",
                      message="We packaged the batteries of two compact EVs last year.",
                      meeting=DemoMeetingPlan("Jiangyuan NEV, product planning office", 12, 11,
                                              event=FAIR_TITLE)),
            DemoMatch((M.INTERESTED,), provider="toway",
                      message="Our engineers can take the packaging with the cab design we "
                              "are already doing for you."),
        ),
    ),
    DemoNeed(
        "jiangyuan-nev", "Instrument cluster and voice assistant for delivery drivers",
        "A simpler cluster and a voice assistant that delivery drivers can use with gloves "
        "on, researched with our drivers.",
        ("digital-design", "automotive"), ("design-research", "ux-ui"),
        posted=12, deadline=100, budget_min=150_000, budget_max=300_000,
        matches=(
            DemoMatch((M.INTERESTED,), provider="yunjing-hmi",
                      message="Clusters and voice interaction are what we design, from research "
                              "to production assets."),
            DemoMatch((M.SHORTLISTED,), team=CABIN_TEAM),
            DemoMatch((M.INTERESTED, M.WITHDRAWN), provider="pixel-river-interactive",
                      message="We would start with a week of riding along with your drivers.",
                      notes=((M.WITHDRAWN, "We have just taken on a large app project and "
                                           "cannot staff yours well."),)),
        ),
    ),
    DemoNeed(
        "dingsheng-auto-parts", "Bumper fascia: mould-flow review and mould rework",
        "Sink marks on a painted bumper fascia: a mould-flow review, a rework of the mould "
        "and a first-article inspection of the new parts.",
        ("automotive",), ("mould-design", "inspection"),
        posted=9, deadline=60, budget_min=80_000, budget_max=200_000,
        matches=(
            DemoMatch((M.INTERESTED, M.INTRO_REQUESTED), provider="jingmo-mould-design",
                      message="Mould-flow analysis is our daily work; send us the part and the "
                              "moulding parameters."),
            DemoMatch((M.INTERESTED,), provider="chengmo-tooling",
                      message="We rework moulds and inspect the first articles."),
        ),
    ),
    DemoNeed(
        "dingsheng-auto-parts", "Interior trim: colour and grain strategy for 2028",
        "A colour and grain strategy for the door trims and consoles we supply to three "
        "vehicle makers in 2028.",
        ("automotive",), ("cmf", "design-research"),
        posted=18, deadline=75, budget_min=120_000, budget_max=250_000,
        matches=(
            DemoMatch((M.INTERESTED, M.SHORTLISTED, M.MEETING), provider="yanse-cmf",
                      message="Our material library has 3,000 samples; we would start there.",
                      notes=((M.MEETING, "Please bring grain samples for the consoles."),),
                      meeting=DemoMeetingPlan("Dingsheng Auto Parts headquarters, design "
                                              "review room", 5, 14)),
            DemoMatch((M.INTERESTED, M.DECLINED), provider="geleshan-auto-interiors",
                      message="We design the trims themselves and could set the colours too.",
                      notes=((M.DECLINED, "We are looking for a colour strategy across all "
                                          "our customers, not a new trim design."),)),
        ),
    ),
    DemoNeed(
        "yuefeng-appliances", "Kitchen appliance line for online retail",
        "A kettle, a toaster and a rice cooker that look like one family in an online shop, "
        "with a brand refresh for the line.",
        ("consumer-products",), ("industrial-design", "cmf", "brand-design"),
        posted=7, deadline=110, budget_min=200_000, budget_max=400_000,
        matches=(
            DemoMatch((M.INTERESTED,), provider="jiayi-product-design",
                      message="Small kitchen appliances for online retail are our speciality."),
            DemoMatch((M.INTERESTED,), provider="xiaoman-consumer-electronics",
                      message="We design product families for e-commerce every season."),
        ),
    ),
    DemoNeed(
        "tianfang-aero-textiles", "Flame-retardant crew jacket prototype",
        "A crew jacket made of our new flame-retardant fabric: design, CMF and ten prototypes "
        "for wear tests.",
        ("aerospace-apparel",), ("industrial-design", "cmf", "prototype-production"),
        posted=14, deadline=80, budget_min=100_000, budget_max=220_000,
        matches=(
            DemoMatch((M.INTERESTED, M.SHORTLISTED), provider="tianyi-aerospace-apparel",
                      message="We designed the astronaut training suit with your fabrics."),
            DemoMatch((M.INTERESTED,), team=CREW_WEAR_LAB,
                      message="A textile engineer and two apparel designers, prototypes sewn "
                              "at the institute."),
            DemoMatch((M.INTERESTED,), provider="yunhang-flight-wear",
                      message="Protective gear for cabin crews is what we design."),
        ),
    ),
    DemoNeed(
        "lingxi-smart-hardware", "Smart lock for a white-label range",
        "A smart door lock we can make for three retail brands, each with its own face "
        "plate, on one inner mechanism.",
        ("consumer-products", "smart-equipment"), ("industrial-design", "structural-engineering"),
        posted=11, deadline=95, budget_min=180_000, budget_max=350_000,
        matches=(
            DemoMatch((M.INTERESTED, M.SHORTLISTED), provider="artop-yuli",
                      message="Smart equipment with one mechanism and several faces: we did "
                              "this for scooters and can do it for locks."),
            DemoMatch((M.INTERESTED,), provider="mingqi-smart-home",
                      message="We designed the smart lock you make today."),
            DemoMatch((M.INTERESTED, M.DECLINED), provider="chuangyu",
                      message="We would be glad to design the range.",
                      notes=((M.DECLINED, "We are staying with the team that knows the "
                                          "current lock's mechanism."),)),
        ),
    ),
    DemoNeed(
        "lingxi-smart-hardware", "Earbuds charging case with wireless charging",
        "A charging case for our next earbuds: wireless charging, a magnetic lid that feels "
        "right, and a design we can mould in one shot.",
        ("consumer-products",), ("industrial-design", "structural-engineering", "mould-design"),
        posted=2, deadline=70, budget_min=80_000, budget_max=160_000,
    ),
    DemoNeed(
        "yuefeng-appliances", "Water heater control panel",
        "A touch control panel for our wall-mounted water heaters that older users find easy.",
        ("consumer-products",), ("ux-ui", "industrial-design"),
        posted=40, deadline=None,
        matches=(
            DemoMatch((M.INTERESTED, M.WITHDRAWN), provider="pixel-river-interactive",
                      message="We would test the panel with users over sixty.",
                      notes=((M.WITHDRAWN, "The budget does not cover the user tests we "
                                           "think it needs."),)),
        ),
        closed_reason="We keep the current panel for one more season.",
    ),
)
