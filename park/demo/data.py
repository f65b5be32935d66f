"""The demo park as plain data: organisations, their people and the demo logins.

No database code here; `park.demo.seed` turns this into rows. The three design firms the
mayor visited (see the park-visit article) are real names; every other organisation and
every person is fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

from park.accounts.models import OrgKind, OrgRole, OrgStatus

# Every demo account shares this password. It is public by design: never seed production.
DEMO_PASSWORD = "park-demo-2026"  # noqa: S105
DEMO_DOMAIN = "demo.park.example"

ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
PARK_OFFICE_SLUG = "park-office"
INSTITUTE_SLUG = "scfai"
INSTITUTE_DOMAIN = f"{INSTITUTE_SLUG}.{DEMO_DOMAIN}"

EN = "en"
ZH = "zh_CN"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    kind: OrgKind
    name: str
    name_zh: str
    description: str
    owner_name: str
    owner_locale: str = EN
    status: OrgStatus = OrgStatus.APPROVED

    @property
    def owner_email(self) -> str:
        return f"{self.slug}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    locale: str
    organisation: str  # the organisation's slug
    role: OrgRole
    is_admin: bool = False


def _firm(slug, name, name_zh, description, owner_name, owner_locale=EN,
          status=OrgStatus.APPROVED) -> DemoOrganisation:
    return DemoOrganisation(slug, OrgKind.DESIGN_FIRM, name, name_zh, description,
                            owner_name, owner_locale, status)


# Design firms -------------------------------------------------------------------------------

ARTICLE_FIRM_SLUGS = ("toway", "artop-yuli", "chuangyu")

DESIGN_FIRMS: tuple[DemoOrganisation, ...] = (
    # The three firms from the article.
    _firm("toway", "Chongqing Toway Automotive Design Co., Ltd.", "重庆拓维汽车设计有限公司",
          "Full-vehicle styling and engineering design for passenger cars and commercial "
          "vehicles, from concept sketches to Class-A surfaces and clay models.",
          "Tang Weiming"),
    _firm("artop-yuli", "Chongqing Artop Yuli Technology Co., Ltd.", "重庆浪尖渝力科技有限公司",
          "Industrial design and product innovation for motorcycles, electric two-wheelers and "
          "smart equipment, taking products from research through design to mass production.",
          "何晓峰", ZH),
    _firm("chuangyu", "Chongqing Chuangyu Industrial Design Co., Ltd.", "重庆创渝工业设计有限公司",
          "Industrial design services for Chongqing manufacturers: product planning, appearance "
          "and structural design, and design for manufacture.",
          "Qin Yuchuan"),
    # Automotive.
    _firm("shancheng-auto-design", "Chongqing Shancheng Automotive Design Co., Ltd.",
          "重庆山城汽车设计有限公司",
          "Exterior and interior styling for SUVs and compact cars, with a digital modelling "
          "studio and a full-size clay modelling hall.",
          "Liu Zhiqiang"),
    _firm("yuzhou-vehicle-styling", "Chongqing Yuzhou Vehicle Styling Co., Ltd.",
          "重庆渝州车辆造型设计有限公司",
          "Styling and show-car builds for light commercial vehicles, pickups and special "
          "vehicles.",
          "周雅琴", ZH),
    _firm("liangjiang-mobility", "Chongqing Liangjiang Mobility Design Co., Ltd.",
          "重庆两江出行设计有限公司",
          "Future-mobility concepts: autonomous shuttles, cabin experience and the service "
          "design around shared vehicles.",
          "Wang Jiayi"),
    _firm("geleshan-auto-interiors", "Chongqing Geleshan Automotive Interior Design Co., Ltd.",
          "重庆歌乐山汽车内饰设计有限公司",
          "Seats, instrument panels, door trims and ambient lighting, designed together with "
          "their tooling and supplier constraints.",
          "Deng Lihua"),
    _firm("chiyue-auto-engineering", "Chongqing Chiyue Automotive Engineering Design Co., Ltd.",
          "重庆驰越汽车工程设计有限公司",
          "Body-in-white, closures and lightweight structures, with CAE verification for "
          "crash, stiffness and NVH.",
          "罗建国", ZH),
    # Motorcycles and two-wheelers.
    _firm("mocheng-motorcycle-design", "Chongqing Mocheng Motorcycle Design Co., Ltd.",
          "重庆摩城摩托车设计有限公司",
          "Styling and ergonomics for street, adventure and cruiser motorcycles, for home and "
          "export markets.",
          "Chen Hao"),
    _firm("xunfeng-moto-styling", "Chongqing Xunfeng Motorcycle Styling Co., Ltd.",
          "重庆迅风摩托造型设计有限公司",
          "Fairings, fuel tanks, lighting and graphics for sport motorcycles and scooters.",
          "Xu Fengming"),
    _firm("qiyue-two-wheeler", "Chongqing Qiyue Two-Wheeler Design Co., Ltd.",
          "重庆骑悦两轮车设计有限公司",
          "Electric bicycles, mopeds and scooters for urban riders, from frame geometry to "
          "battery integration.",
          "杨悦", ZH),
    # Electrification.
    _firm("lidian-ev-design", "Chongqing Lidian Electric Vehicle Design Co., Ltd.",
          "重庆力电新能源汽车设计有限公司",
          "Packaging and design of battery-electric platforms, converting combustion models "
          "to electric drive.",
          "Zhang Lei"),
    _firm("qingneng-electrification", "Chongqing Qingneng Electrification Design Co., Ltd.",
          "重庆擎能电动化设计有限公司",
          "Electric drive units, motor housings and thermal management for electric "
          "motorcycles and light vehicles.",
          "Huang Qing"),
    _firm("diansu-charging-design", "Chongqing Diansu Charging Equipment Design Co., Ltd.",
          "重庆电速充电设备设计有限公司",
          "Charging piles, battery-swap cabinets and their user interfaces, designed for "
          "outdoor use and easy maintenance.",
          "吴晨曦", ZH),
    _firm("jingdian-battery-systems", "Chongqing Jingdian Battery System Design Co., Ltd.",
          "重庆晶电电池系统设计有限公司",
          "Battery packs and enclosures for two-wheelers and energy storage, with a focus on "
          "safety and recyclability.",
          "Jiang Bin"),
    # Aerospace apparel and functional textiles.
    _firm("tianyi-aerospace-apparel", "Chongqing Tianyi Aerospace Apparel Design Co., Ltd.",
          "重庆天衣航天服饰设计有限公司",
          "Flight suits, training garments and crew apparel for aerospace programmes, "
          "designed with textile engineers.",
          "Su Tianyi"),
    _firm("yunhang-flight-wear", "Chongqing Yunhang Flight Wear Design Co., Ltd.",
          "重庆云航飞行服装设计有限公司",
          "Pilot and cabin-crew uniforms, protective gear and wearable comfort systems.",
          "林芸", ZH),
    _firm("xingji-functional-textiles", "Chongqing Xingji Functional Textile Design Co., Ltd.",
          "重庆星际功能纺织品设计有限公司",
          "Functional fabrics and garments for extreme environments, from thermal layers to "
          "smart textiles.",
          "Xie Xinyu"),
    # Digital design.
    _firm("shuzhi-digital-design", "Chongqing Shuzhi Digital Design Co., Ltd.",
          "重庆数智数字设计有限公司",
          "Digital product design, virtual showrooms and real-time 3D configurators for "
          "manufacturers.",
          "Ma Junjie"),
    _firm("pixel-river-interactive", "Chongqing Pixel River Interactive Design Co., Ltd.",
          "重庆像素江交互设计有限公司",
          "User experience and interaction design for apps, dashboards and connected products.",
          "宋佳琪", ZH),
    _firm("yunjing-hmi", "Chongqing Yunjing HMI Design Co., Ltd.", "重庆云镜人机界面设计有限公司",
          "In-vehicle HMI, instrument clusters and voice interaction, from concept to "
          "production-ready UI assets.",
          "Han Jing"),
    _firm("xuxiang-digital-twin", "Chongqing Xuxiang Digital Twin Technology Co., Ltd.",
          "重庆虚像数字孪生科技有限公司",
          "Digital twins of products and production lines, used for design review and virtual "
          "commissioning.",
          "Fu Xiaodong"),
    # Green design.
    _firm("lvyuan-green-design", "Chongqing Lvyuan Green Design Co., Ltd.",
          "重庆绿源绿色设计有限公司",
          "Eco-design consulting: life-cycle assessment, material substitution and "
          "design for disassembly.",
          "郑绿萍", ZH),
    _firm("huanxun-circular-design", "Chongqing Huanxun Circular Design Co., Ltd.",
          "重庆环循设计有限公司",
          "Products designed for reuse, repair and remanufacturing, with take-back schemes "
          "for appliance makers.",
          "Cao Yang"),
    _firm("tanji-low-carbon", "Chongqing Tanji Low-Carbon Design Co., Ltd.",
          "重庆碳迹低碳设计有限公司",
          "Carbon-footprint reduction for consumer and industrial products, from packaging to "
          "production processes.",
          "Peng Lijun", status=OrgStatus.PENDING),
    # Consumer products.
    _firm("jiayi-product-design", "Chongqing Jiayi Product Design Co., Ltd.",
          "重庆家易产品设计有限公司",
          "Small kitchen appliances and household products, designed for online retail.",
          "许家怡", ZH),
    _firm("mingqi-smart-home", "Chongqing Mingqi Smart Home Design Co., Ltd.",
          "重庆明器智能家居设计有限公司",
          "Smart locks, lighting and home hubs, combining industrial design with embedded "
          "interaction design.",
          "Lu Ming"),
    _firm("xiaoman-consumer-electronics", "Chongqing Xiaoman Consumer Electronics Design Co., Ltd.",
          "重庆小满消费电子设计有限公司",
          "Headphones, speakers, wearables and their accessories, from ID to mechanical "
          "engineering.",
          "Zhao Mengyao"),
    _firm("shanye-outdoor-design", "Chongqing Shanye Outdoor Equipment Design Co., Ltd.",
          "重庆山野户外装备设计有限公司",
          "Camping, cycling and outdoor equipment tested in Chongqing's mountains and rivers.",
          "冯晓山", ZH),
    _firm("kangshi-medical-design", "Chongqing Kangshi Medical Device Design Co., Ltd.",
          "重庆康适医疗器械设计有限公司",
          "Medical and rehabilitation devices with usability engineering to regulatory "
          "standards.",
          "Kang Rui"),
    # Colour, material and finish.
    _firm("yanse-cmf", "Chongqing Yanse Colour & Material Design Co., Ltd.",
          "重庆颜色色彩材料设计有限公司",
          "Colour, material and finish strategy for vehicles and electronics, with a material "
          "library of over 3,000 samples.",
          "Yan Shuang"),
    _firm("zhiwen-surface-design", "Chongqing Zhiwen Surface & Finish Design Co., Ltd.",
          "重庆质纹表面工艺设计有限公司",
          "Textures, in-mould decoration and surface treatments, developed with mould makers "
          "and coaters.",
          "朱文静", ZH),
    # Mould design.
    _firm("jingmo-mould-design", "Chongqing Jingmo Mould Design Co., Ltd.",
          "重庆精模模具设计有限公司",
          "Injection-mould design and mould-flow analysis for automotive and appliance "
          "plastic parts.",
          "Jin Hongwei"),
    _firm("chengmo-tooling", "Chongqing Chengmo Tooling Engineering Co., Ltd.",
          "重庆成模工装工程设计有限公司",
          "Stamping dies, fixtures and inspection gauges for body and chassis parts.",
          "Cheng Gang"),
    _firm("hengya-die-casting", "Chongqing Hengya Die-Casting Mould Design Co., Ltd.",
          "重庆恒压压铸模具设计有限公司",
          "Die-casting moulds for aluminium and magnesium motorcycle and EV components.",
          "贺永恒", ZH),
    # Prototyping.
    _firm("suxing-prototyping", "Chongqing Suxing Rapid Prototyping Co., Ltd.",
          "重庆速型快速成型有限公司",
          "CNC and vacuum-cast prototypes, appearance models and small batches within days.",
          "Sun Kai"),
    _firm("yangji-prototype-works", "Chongqing Yangji Prototype Works Co., Ltd.",
          "重庆样机原型制作有限公司",
          "Functional prototypes and show models for vehicles, appliances and equipment.",
          "Yang Jun"),
    _firm("diecheng-additive", "Chongqing Diecheng Additive Design Co., Ltd.",
          "重庆叠层增材设计有限公司",
          "Design for additive manufacturing, metal and polymer 3D printing and lattice "
          "lightweighting.",
          "邓佳慧", ZH),
    # Equipment, rail, machinery and robotics.
    _firm("gongjiang-industrial-design", "Chongqing Gongjiang Industrial Design Co., Ltd.",
          "重庆工匠工业设计有限公司",
          "Machine tools and industrial equipment design that makes heavy machinery safer and "
          "easier to operate.",
          "Gong Zhiyuan"),
    _firm("jiangshan-equipment-design", "Chongqing Jiangshan Equipment Design Co., Ltd.",
          "重庆江山装备设计有限公司",
          "Construction and mining equipment styling, cabs and operator ergonomics.",
          "Jiang Tao"),
    _firm("guiyun-rail-design", "Chongqing Guiyun Rail Transit Design Co., Ltd.",
          "重庆轨韵轨道交通设计有限公司",
          "Monorail and metro vehicle exteriors and interiors, designed for Chongqing's "
          "mountain lines.",
          "桂云峰", ZH),
    _firm("tianmu-agri-machinery", "Chongqing Tianmu Agricultural Machinery Design Co., Ltd.",
          "重庆田牧农机设计有限公司",
          "Small agricultural machines for hilly terrain: tillers, harvesters and orchard "
          "transporters.",
          "Tian Jianjun"),
    _firm("zhixing-robotics-design", "Chongqing Zhixing Robotics Design Co., Ltd.",
          "重庆智行机器人设计有限公司",
          "Service and logistics robots, from the outer shell to the way they move among "
          "people.",
          "Ouyang Xing", status=OrgStatus.PENDING),
)


# Manufacturers ------------------------------------------------------------------------------

def _maker(slug, name, name_zh, description, owner_name, owner_locale=EN) -> DemoOrganisation:
    return DemoOrganisation(slug, OrgKind.MANUFACTURER, name, name_zh, description,
                            owner_name, owner_locale)


MANUFACTURERS: tuple[DemoOrganisation, ...] = (
    _maker("fengchi-motorcycle", "Chongqing Fengchi Motorcycle Manufacturing Co., Ltd.",
           "重庆风驰摩托车制造有限公司",
           "Builds 150cc to 650cc motorcycles for domestic and export markets and is moving "
           "its range to electric drive.",
           "Feng Guoqiang"),
    _maker("jiangyuan-nev", "Chongqing Jiangyuan New Energy Vehicle Co., Ltd.",
           "重庆江源新能源汽车有限公司",
           "Makes compact electric cars and light electric vans for city logistics.",
           "袁志江", ZH),
    _maker("dingsheng-auto-parts", "Chongqing Dingsheng Auto Parts Co., Ltd.",
           "重庆鼎盛汽车零部件有限公司",
           "Tier-1 supplier of lamps, bumpers and interior trim to vehicle makers in "
           "south-west China.",
           "Ding Weidong"),
    _maker("yuefeng-appliances", "Chongqing Yuefeng Home Appliances Co., Ltd.",
           "重庆悦丰家电制造有限公司",
           "Manufactures air conditioners, water heaters and kitchen appliances.",
           "Yue Hong"),
    _maker("tianfang-aero-textiles", "Chongqing Tianfang Aerospace Textiles Co., Ltd.",
           "重庆天纺航天纺织材料有限公司",
           "Produces technical fabrics and protective garments for aerospace and aviation "
           "customers.",
           "方天宇", ZH),
    _maker("lingxi-smart-hardware", "Chongqing Lingxi Smart Hardware Co., Ltd.",
           "重庆灵犀智能硬件有限公司",
           "Contract manufacturer of smart speakers, wearables and IoT devices.",
           "Lin Xiaoxi"),
)


# The institute, the labs and the park office ------------------------------------------------

INSTITUTE = DemoOrganisation(
    INSTITUTE_SLUG, OrgKind.ACADEMIC, "Sichuan Fine Arts Institute", "四川美术学院",
    "Art and design institute in Chongqing, home of the Chongqing Industrial Design Centre and "
    "its Future Mobility Laboratory; its faculty and students join firms in "
    "\"artists + engineers\" teams.",
    "Luo Meiyuan",
)

LABS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "yuheng-vehicle-testing", OrgKind.LAB, "Chongqing Yuheng Vehicle Testing Co., Ltd.",
        "重庆渝衡车辆检测有限公司",
        "Accredited testing of vehicles, motorcycles and components: durability, emissions, "
        "electrical safety and EMC.",
        "Hu Yuheng",
    ),
    DemoOrganisation(
        "jianzhun-inspection", OrgKind.LAB,
        "Chongqing Jianzhun Product Inspection & Certification Co., Ltd.",
        "重庆检准产品检验认证有限公司",
        "Inspection and certification of consumer products, appliances and textiles, with "
        "first-article and mould inspection.",
        "简立新", ZH,
    ),
)

PARK_OFFICE = DemoOrganisation(
    PARK_OFFICE_SLUG, OrgKind.PUBLIC_BODY,
    "Chongqing Industrial Design Industrial Park Management Committee",
    "重庆工业设计产业城管委会",
    "Runs the Chongqing Industrial Design Industrial Park: settles tenant firms, manages the "
    "buildings and organises cooperation events between design firms and manufacturers.",
    "Wen Yuanyuan",
)

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    PARK_OFFICE, *DESIGN_FIRMS, *MANUFACTURERS, INSTITUTE, *LABS,
)


# People beyond the owners -------------------------------------------------------------------

def _academic(family: str, given: str, locale: str = EN) -> DemoUser:
    # The display name is pinyin in the Chinese order (family name first, e.g. "Li Wen");
    # the address is <given name>.<family name>, i.e. first name then last name.
    return DemoUser(
        email=f"{given.lower()}.{family.lower()}@{INSTITUTE_DOMAIN}",
        name=f"{family} {given}",
        locale=locale,
        organisation=INSTITUTE_SLUG,
        role=OrgRole.MEMBER,
    )


FACULTY: tuple[DemoUser, ...] = (
    _academic("Li", "Wen"),
    _academic("Zhou", "Jianhua", ZH),
    _academic("He", "Yiran"),
)

STUDENTS: tuple[DemoUser, ...] = (
    _academic("Chen", "Yutong", ZH),
    _academic("Wang", "Zihan"),
    _academic("Liu", "Siqi", ZH),
    _academic("Zhang", "Haoyu"),
)

ADMIN = DemoUser(
    email=ADMIN_EMAIL,
    name="Park Administrator",
    locale=EN,
    organisation=PARK_OFFICE_SLUG,
    role=OrgRole.OWNER,
    is_admin=True,
)

# A second person (manager) in a few firms, so member lists have more than one row.
MANAGERS: tuple[DemoUser, ...] = (
    DemoUser(f"manager.toway@{DEMO_DOMAIN}", "Zhou Min", EN, "toway", OrgRole.MANAGER),
    DemoUser(f"manager.artop-yuli@{DEMO_DOMAIN}", "Ran Jing", EN, "artop-yuli", OrgRole.MANAGER),
    DemoUser(f"manager.chuangyu@{DEMO_DOMAIN}", "刘思远", ZH, "chuangyu", OrgRole.MANAGER),
)


# Designers and engineers who work on the demo projects (park.demo.project_data), in the
# firms that run several of them.
TEAM: tuple[DemoUser, ...] = (
    DemoUser(f"designer.toway@{DEMO_DOMAIN}", "Li Na", EN, "toway", OrgRole.MEMBER),
    DemoUser(f"engineer.toway@{DEMO_DOMAIN}", "Wu Gang", EN, "toway", OrgRole.MEMBER),
    DemoUser(f"designer.artop-yuli@{DEMO_DOMAIN}", "Zhao Lei", EN, "artop-yuli", OrgRole.MEMBER),
    DemoUser(f"engineer.artop-yuli@{DEMO_DOMAIN}", "陈静", ZH, "artop-yuli", OrgRole.MEMBER),
    DemoUser(f"designer.chuangyu@{DEMO_DOMAIN}", "Sun Yue", EN, "chuangyu", OrgRole.MEMBER),
    DemoUser(f"designer.tianyi-aerospace-apparel@{DEMO_DOMAIN}", "Bai Xue", EN,
             "tianyi-aerospace-apparel", OrgRole.MEMBER),
    DemoUser(f"engineer.mingqi-smart-home@{DEMO_DOMAIN}", "Gao Peng", EN, "mingqi-smart-home",
             OrgRole.MEMBER),
    DemoUser(f"designer.guiyun-rail-design@{DEMO_DOMAIN}", "何敏", ZH, "guiyun-rail-design",
             OrgRole.MEMBER),
    DemoUser(f"designer.diansu-charging-design@{DEMO_DOMAIN}", "Tian Hao", EN,
             "diansu-charging-design", OrgRole.MEMBER),
)


def owners() -> tuple[DemoUser, ...]:
    return tuple(
        DemoUser(org.owner_email, org.owner_name, org.owner_locale, org.slug, OrgRole.OWNER)
        for org in ORGANISATIONS
    )


def users() -> tuple[DemoUser, ...]:
    """Every demo account with its one membership, owners first."""
    return (*owners(), ADMIN, *MANAGERS, *TEAM, *FACULTY, *STUDENTS)
