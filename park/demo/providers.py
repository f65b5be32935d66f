"""The demo directory as plain data: taxonomies, provider profiles and Chinese descriptions.

`park.demo.seed` turns this into rows. Every provider's specialties and services are chosen
by hand from its description, so a search behaves the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

from park.demo.data import DEMO_DOMAIN


@dataclass(frozen=True)
class DemoTerm:
    code: str
    name: str
    name_zh: str


# Fields providers work in. Positions follow this order.
SPECIALTIES: tuple[DemoTerm, ...] = (
    DemoTerm("automotive", "Automotive", "汽车"),
    DemoTerm("motorcycle", "Motorcycles & two-wheelers", "摩托车与两轮车"),
    DemoTerm("electrification", "New-energy vehicles & electrification", "新能源汽车与电动化"),
    DemoTerm("aerospace-apparel", "Aerospace apparel & functional textiles",
             "航天服饰与功能纺织品"),
    DemoTerm("digital-design", "Digital design", "数字设计"),
    DemoTerm("green-design", "Green design", "绿色设计"),
    DemoTerm("consumer-products", "Consumer products & electronics", "消费品与消费电子"),
    DemoTerm("smart-equipment", "Smart equipment & robotics", "智能装备与机器人"),
    DemoTerm("medical-devices", "Medical devices", "医疗器械"),
    DemoTerm("furniture", "Furniture & home", "家具与家居"),
    DemoTerm("rail-transit", "Rail transit", "轨道交通"),
    DemoTerm("machinery", "Construction & agricultural machinery", "工程机械与农业机械"),
)

# Services in the order a design moves along the chain, from research to market.
SERVICE_TYPES: tuple[DemoTerm, ...] = (
    DemoTerm("design-research", "Design research & strategy", "设计研究与策略"),
    DemoTerm("industrial-design", "Industrial design", "工业设计"),
    DemoTerm("cmf", "Colour, material & finish (CMF)", "色彩、材料与工艺（CMF）"),
    DemoTerm("ux-ui", "UX & UI design", "用户体验与界面设计"),
    DemoTerm("structural-engineering", "Structural engineering", "结构设计"),
    DemoTerm("mould-design", "Mould design", "模具设计"),
    DemoTerm("prototype-production", "Prototype production", "样机制作"),
    DemoTerm("inspection", "Inspection", "检验"),
    DemoTerm("testing", "Testing", "测试"),
    DemoTerm("production-handover", "Production handover & small batches", "量产导入与小批量试产"),
    DemoTerm("brand-design", "Brand design", "品牌设计"),
)


@dataclass(frozen=True)
class DemoProfile:
    slug: str
    specialties: tuple[str, ...]  # specialty codes, 1 to 3
    services: tuple[str, ...]  # service type codes, 2 to 5
    capacity: int  # projects at once

    @property
    def contact_email(self) -> str:
        return f"info@{self.slug}.{DEMO_DOMAIN}"


def _p(slug: str, specialties: str, services: str, capacity: int) -> DemoProfile:
    return DemoProfile(slug, tuple(specialties.split()), tuple(services.split()), capacity)


# Every design firm, both labs and the institute; manufacturers offer no design services.
PROFILES: tuple[DemoProfile, ...] = (
    _p("toway", "automotive electrification",
       "industrial-design cmf structural-engineering", 12),
    _p("artop-yuli", "motorcycle smart-equipment",
       "industrial-design structural-engineering mould-design prototype-production "
       "production-handover", 10),
    _p("chuangyu", "consumer-products smart-equipment",
       "design-research industrial-design structural-engineering production-handover", 8),
    _p("shancheng-auto-design", "automotive", "industrial-design cmf prototype-production", 9),
    _p("yuzhou-vehicle-styling", "automotive", "industrial-design prototype-production", 5),
    _p("liangjiang-mobility", "automotive electrification digital-design",
       "design-research industrial-design ux-ui", 6),
    _p("geleshan-auto-interiors", "automotive", "industrial-design cmf structural-engineering", 7),
    _p("chiyue-auto-engineering", "automotive electrification", "structural-engineering testing",
       8),
    _p("mocheng-motorcycle-design", "motorcycle", "industrial-design cmf brand-design", 6),
    _p("xunfeng-moto-styling", "motorcycle",
       "industrial-design cmf mould-design prototype-production", 5),
    _p("qiyue-two-wheeler", "motorcycle electrification",
       "industrial-design structural-engineering prototype-production", 5),
    _p("lidian-ev-design", "electrification automotive",
       "industrial-design structural-engineering", 8),
    _p("qingneng-electrification", "electrification motorcycle",
       "structural-engineering testing", 6),
    _p("diansu-charging-design", "electrification smart-equipment",
       "industrial-design ux-ui structural-engineering", 5),
    _p("jingdian-battery-systems", "electrification",
       "structural-engineering testing production-handover", 4),
    _p("tianyi-aerospace-apparel", "aerospace-apparel",
       "design-research industrial-design cmf prototype-production", 6),
    _p("yunhang-flight-wear", "aerospace-apparel", "industrial-design cmf brand-design", 4),
    _p("xingji-functional-textiles", "aerospace-apparel green-design",
       "cmf prototype-production testing", 4),
    _p("shuzhi-digital-design", "digital-design", "ux-ui brand-design", 8),
    _p("pixel-river-interactive", "digital-design consumer-products", "design-research ux-ui", 7),
    _p("yunjing-hmi", "digital-design automotive", "design-research ux-ui", 6),
    _p("xuxiang-digital-twin", "digital-design smart-equipment",
       "design-research ux-ui production-handover", 5),
    _p("lvyuan-green-design", "green-design", "design-research cmf", 4),
    _p("huanxun-circular-design", "green-design consumer-products",
       "design-research industrial-design structural-engineering", 4),
    _p("tanji-low-carbon", "green-design", "design-research production-handover", 3),
    _p("jiayi-product-design", "consumer-products furniture",
       "industrial-design cmf brand-design", 9),
    _p("mingqi-smart-home", "consumer-products furniture smart-equipment",
       "industrial-design ux-ui structural-engineering", 7),
    _p("xiaoman-consumer-electronics", "consumer-products",
       "industrial-design cmf structural-engineering production-handover", 10),
    _p("shanye-outdoor-design", "consumer-products",
       "industrial-design prototype-production testing", 5),
    _p("kangshi-medical-design", "medical-devices",
       "design-research industrial-design ux-ui testing", 5),
    _p("yanse-cmf", "automotive consumer-products", "design-research cmf", 6),
    _p("zhiwen-surface-design", "motorcycle consumer-products", "cmf mould-design", 4),
    _p("jingmo-mould-design", "automotive consumer-products",
       "structural-engineering mould-design production-handover", 8),
    _p("chengmo-tooling", "automotive", "mould-design inspection", 6),
    _p("hengya-die-casting", "motorcycle electrification",
       "structural-engineering mould-design production-handover", 5),
    _p("suxing-prototyping", "automotive consumer-products",
       "prototype-production production-handover", 12),
    _p("yangji-prototype-works", "automotive smart-equipment", "cmf prototype-production", 8),
    _p("diecheng-additive", "smart-equipment medical-devices",
       "structural-engineering prototype-production", 5),
    _p("gongjiang-industrial-design", "machinery smart-equipment",
       "industrial-design structural-engineering", 7),
    _p("jiangshan-equipment-design", "machinery",
       "design-research industrial-design structural-engineering", 5),
    _p("guiyun-rail-design", "rail-transit", "industrial-design cmf", 6),
    _p("tianmu-agri-machinery", "machinery",
       "industrial-design structural-engineering prototype-production", 3),
    _p("zhixing-robotics-design", "smart-equipment",
       "industrial-design ux-ui structural-engineering", 4),
    # The labs.
    _p("yuheng-vehicle-testing", "automotive motorcycle electrification", "inspection testing", 10),
    _p("jianzhun-inspection", "consumer-products aerospace-apparel furniture",
       "inspection testing", 9),
    # The institute: "artists + engineers" teams for research-led projects.
    _p("scfai", "automotive aerospace-apparel digital-design",
       "design-research industrial-design cmf ux-ui brand-design", 12),
)


def contact_phone(index: int) -> str:
    """A made-up Chongqing number (area code 23), distinct for each profile."""
    return f"+86 23 {6100 + 37 * index} {2000 + 113 * index}"


# Chinese descriptions, by organisation slug ---------------------------------------------------

DESCRIPTIONS_ZH: dict[str, str] = {
    # Design firms.
    "toway": "为乘用车和商用车提供整车造型与工程设计，从概念草图到A级曲面和油泥模型。",
    "artop-yuli": "面向摩托车、电动两轮车和智能装备的工业设计与产品创新，"
                  "从研究、设计一直到量产。",
    "chuangyu": "为重庆制造企业提供工业设计服务：产品规划、外观与结构设计以及面向制造的设计。",
    "shancheng-auto-design": "专注SUV和紧凑型轿车的内外饰造型，"
                             "拥有数字建模工作室和全尺寸油泥模型大厅。",
    "yuzhou-vehicle-styling": "为轻型商用车、皮卡和专用车提供造型设计与展车制作。",
    "liangjiang-mobility": "未来出行概念设计：自动驾驶接驳车、座舱体验以及共享出行的服务设计。",
    "geleshan-auto-interiors": "座椅、仪表板、门护板和氛围灯设计，同步考虑模具与供应商约束。",
    "chiyue-auto-engineering": "白车身、开闭件与轻量化结构设计，并以CAE验证碰撞、刚度和NVH性能。",
    "mocheng-motorcycle-design": "街车、探险车和巡航车的造型与人机工程设计，服务国内和出口市场。",
    "xunfeng-moto-styling": "运动摩托车和踏板车的整流罩、油箱、灯具与涂装设计。",
    "qiyue-two-wheeler": "面向城市骑行者的电动自行车、电动轻便车和滑板车，从车架几何到电池集成。",
    "lidian-ev-design": "纯电动平台的布置与设计，帮助燃油车型转为电驱动。",
    "qingneng-electrification": "电动摩托车和轻型车的电驱总成、电机壳体与热管理设计。",
    "diansu-charging-design": "充电桩、换电柜及其用户界面设计，适应户外使用并便于维护。",
    "jingdian-battery-systems": "两轮车和储能用电池包及箱体设计，注重安全与可回收性。",
    "tianyi-aerospace-apparel": "与纺织工程师合作，为航天项目设计飞行服、训练服和乘组服装。",
    "yunhang-flight-wear": "飞行员与乘务员制服、防护装备和穿戴舒适系统设计。",
    "xingji-functional-textiles": "面向极端环境的功能面料与服装，从保暖层到智能纺织品。",
    "shuzhi-digital-design": "为制造企业提供数字产品设计、虚拟展厅和实时三维配置器。",
    "pixel-river-interactive": "应用、数据看板和智能互联产品的用户体验与交互设计。",
    "yunjing-hmi": "车载人机界面、仪表和语音交互设计，从概念到可量产的界面资源。",
    "xuxiang-digital-twin": "产品与生产线的数字孪生，用于设计评审和虚拟调试。",
    "lvyuan-green-design": "生态设计咨询：生命周期评价、材料替代和易拆解设计。",
    "huanxun-circular-design": "为家电企业设计可复用、可维修、可再制造的产品及回收方案。",
    "tanji-low-carbon": "为消费品和工业产品降低碳足迹，从包装到生产工艺。",
    "jiayi-product-design": "小型厨房电器和家居用品设计，面向电商零售。",
    "mingqi-smart-home": "智能门锁、照明和家庭中控设计，将工业设计与嵌入式交互设计相结合。",
    "xiaoman-consumer-electronics": "耳机、音箱、可穿戴设备及配件，从外观设计到机械结构工程。",
    "shanye-outdoor-design": "露营、骑行和户外装备设计，在重庆的山川江河中实地测试。",
    "kangshi-medical-design": "按法规标准进行可用性工程的医疗与康复器械设计。",
    "yanse-cmf": "为汽车和电子产品制定色彩、材料与工艺策略，材料库藏有三千余种样品。",
    "zhiwen-surface-design": "与模具厂和涂装厂合作开发纹理、模内装饰和表面处理工艺。",
    "jingmo-mould-design": "汽车与家电塑料件的注塑模具设计和模流分析。",
    "chengmo-tooling": "车身和底盘零件的冲压模具、夹具与检具设计。",
    "hengya-die-casting": "摩托车和新能源汽车铝、镁合金零部件的压铸模具设计。",
    "suxing-prototyping": "数日内交付CNC和真空复模样件、外观手板及小批量产品。",
    "yangji-prototype-works": "为汽车、家电和装备制作功能样机和展示模型。",
    "diecheng-additive": "面向增材制造的设计、金属与高分子3D打印以及点阵轻量化。",
    "gongjiang-industrial-design": "机床和工业装备设计，让重型机械更安全、更易操作。",
    "jiangshan-equipment-design": "工程机械和矿山装备的造型、驾驶室与操作人机工程设计。",
    "guiyun-rail-design": "为重庆山地线路设计单轨和地铁车辆的外观与内饰。",
    "tianmu-agri-machinery": "适合丘陵山区的小型农机：微耕机、收割机和果园运输机。",
    "zhixing-robotics-design": "服务机器人和物流机器人设计，从外壳到它们在人群中的移动方式。",
    # Manufacturers.
    "fengchi-motorcycle": "生产150cc至650cc摩托车，供应国内和出口市场，产品线正在转向电驱动。",
    "jiangyuan-nev": "生产紧凑型电动汽车和城市物流用轻型电动货车。",
    "dingsheng-auto-parts": "西南地区整车企业的一级供应商，供应车灯、保险杠和内饰件。",
    "yuefeng-appliances": "生产空调、热水器和厨房电器。",
    "tianfang-aero-textiles": "为航空航天客户生产技术面料和防护服装。",
    "lingxi-smart-hardware": "智能音箱、可穿戴设备和物联网设备的代工制造商。",
    # The institute, the labs and the park office.
    "scfai": "位于重庆的艺术设计院校，设有重庆工业设计中心及其未来出行实验室；"
             "师生与企业组成\u201c艺术家+工程师\u201d团队。",
    "yuheng-vehicle-testing": "经认可的整车、摩托车及零部件检测：耐久、排放、电气安全和电磁兼容。",
    "jianzhun-inspection": "消费品、家电和纺织品的检验与认证，提供首件检验和模具检验。",
    "park-office": "负责重庆工业设计产业城的运营：引进入驻企业、管理楼宇，"
                   "并组织设计企业与制造企业之间的合作活动。",
}
