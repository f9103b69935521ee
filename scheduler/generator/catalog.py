"""What generated consortia are made of: features, majors, enterprise types, names.

Everything here is static data, chosen so that generated scenarios read like a real
vocational-education consortium in Liaoning (Chinese names with English glosses, English
ids). The generator draws from these tables with its seeded random generator only.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The safety certificate is a secondary feature: some resources have it, some requests
#: need it on top of their main feature, nobody teaches it as a trade.
SAFETY = "safety-cert"


@dataclass(frozen=True, slots=True)
class FeatureKind:
    """One trade taught in a dedicated room: its main feature, room type and size range."""

    feature: str
    kind: str  # lab | workshop
    name: str
    capacity: tuple[int, int]
    also: tuple[str, ...] = ()  # features such rooms usually have as well


FEATURES: dict[str, FeatureKind] = {
    f.feature: f
    for f in [
        FeatureKind(
            "cnc-3axis", "workshop", "数控车铣实训车间 CNC turning & milling workshop", (32, 48)
        ),
        FeatureKind(
            "cnc-5axis", "lab", "五轴加工中心实训室 5-axis machining lab", (16, 24), ("cnc-3axis",)
        ),
        FeatureKind("metrology", "lab", "精密测量实训室 precision metrology lab", (24, 40)),
        FeatureKind("plc", "lab", "PLC编程实训室 PLC lab", (30, 44), ("electrical",)),
        FeatureKind("electrical", "lab", "电工电子实训室 electrical & electronics lab", (36, 48)),
        FeatureKind(
            "industrial-robot", "lab", "工业机器人实训室 industrial robot lab", (24, 36), ("plc",)
        ),
        FeatureKind(
            "welding-robot", "workshop", "焊接机器人实训车间 welding robot workshop", (24, 36)
        ),
        FeatureKind("fitting", "workshop", "钳工实训车间 bench fitting workshop", (36, 50)),
        FeatureKind(
            "auto-repair", "workshop", "汽车装调实训车间 vehicle assembly workshop", (30, 45)
        ),
        FeatureKind(
            "ev-powertrain",
            "lab",
            "新能源汽车实训室 new-energy vehicle lab",
            (24, 36),
            ("electrical",),
        ),
        FeatureKind("hydraulics", "lab", "液压与气动实训室 hydraulics & pneumatics lab", (30, 40)),
        FeatureKind("additive-mfg", "lab", "增材制造实训室 3D printing lab", (20, 32)),
    ]
}


#: Each trade in words (Chinese, English): titles of staff courses, posts, internships.
TRADES: dict[str, str] = {
    "cnc-3axis": "数控加工 CNC machining",
    "cnc-5axis": "五轴加工 5-axis machining",
    "metrology": "质量检测 quality inspection",
    "plc": "PLC与自动化 PLC & automation",
    "electrical": "电气装调 electrical installation",
    "industrial-robot": "工业机器人运维 industrial robot operation",
    "welding-robot": "机器人焊接 robotic welding",
    "fitting": "钳工装配 fitting & assembly",
    "auto-repair": "汽车装调 vehicle assembly",
    "ev-powertrain": "新能源三电 EV battery & drive",
    "hydraulics": "液压维修 hydraulics maintenance",
    "additive-mfg": "增材制造 3D printing",
    SAFETY: "安全生产 safety certification",
}


@dataclass(frozen=True, slots=True)
class Course:
    """One practical course of a major: the trade it practises and its bilingual title."""

    feature: str
    title: str


@dataclass(frozen=True, slots=True)
class Major:
    """A college programme: its practical courses in teaching order, and its internship trade."""

    id: str
    name: str
    courses: tuple[Course, ...]
    internship: str  # feature the internship posts must have


MAJORS: dict[str, Major] = {
    m.id: m
    for m in [
        Major(
            "cnc",
            "数控技术 CNC technology",
            (
                Course("fitting", "钳工基础 bench fitting basics"),
                Course("cnc-3axis", "数控编程与加工 CNC programming & machining"),
                Course("metrology", "精密测量 precision measurement"),
                Course("cnc-5axis", "五轴加工 5-axis machining"),
            ),
            "cnc-3axis",
        ),
        Major(
            "mech",
            "机电一体化 mechatronics",
            (
                Course("electrical", "电工电子 electrics & electronics"),
                Course("plc", "PLC编程与控制 PLC programming"),
                Course("hydraulics", "液压与气动 hydraulics & pneumatics"),
                Course("industrial-robot", "机器人编程 robot programming"),
            ),
            "plc",
        ),
        Major(
            "robot",
            "工业机器人技术 industrial robotics",
            (
                Course("electrical", "电气基础 electrical basics"),
                Course("plc", "PLC基础 PLC basics"),
                Course("industrial-robot", "工作站集成 robot workstation integration"),
            ),
            "industrial-robot",
        ),
        Major(
            "weld",
            "智能焊接技术 welding technology",
            (
                Course("fitting", "钳工基础 bench fitting basics"),
                Course("welding-robot", "焊接机器人操作 welding robot operation"),
                Course("metrology", "焊缝检测 weld inspection"),
            ),
            "welding-robot",
        ),
        Major(
            "auto",
            "汽车制造与试验技术 automotive manufacturing",
            (
                Course("fitting", "钳工基础 bench fitting basics"),
                Course("auto-repair", "汽车装调 vehicle assembly & adjustment"),
                Course("electrical", "汽车电气 automotive electrics"),
            ),
            "auto-repair",
        ),
        Major(
            "nev",
            "新能源汽车技术 new-energy vehicles",
            (
                Course("electrical", "电工电子 electrics & electronics"),
                Course("ev-powertrain", "动力电池与电驱 battery & electric drive"),
                Course("auto-repair", "整车检修 vehicle service"),
            ),
            "ev-powertrain",
        ),
        Major(
            "mould",
            "模具设计与制造 mould design & manufacturing",
            (
                Course("additive-mfg", "增材制造 3D printing"),
                Course("cnc-3axis", "模具零件数控加工 mould parts CNC machining"),
                Course("fitting", "模具装配 mould fitting & assembly"),
            ),
            "cnc-3axis",
        ),
    ]
}


@dataclass(frozen=True, slots=True)
class EnterpriseType:
    """An employer in the consortium: what its staff train in and what its posts offer."""

    id: str
    name: str
    trains: tuple[str, ...]  # features of its trainee courses (and of its own workshop)
    posts: tuple[str, ...]  # features of its internship posts


ENTERPRISE_TYPES: tuple[EnterpriseType, ...] = (
    EnterpriseType(
        "machine-tool",
        "数控机床 CNC Machine Tool",
        ("cnc-3axis", "cnc-5axis"),
        ("cnc-3axis", "cnc-5axis", "metrology"),
    ),
    EnterpriseType(
        "auto-parts",
        "汽车零部件 Auto Parts",
        ("welding-robot", "auto-repair"),
        ("welding-robot", "auto-repair", "fitting"),
    ),
    EnterpriseType(
        "robotics",
        "机器人系统 Robotics Systems",
        ("industrial-robot", "plc"),
        ("industrial-robot", "plc", "electrical"),
    ),
    EnterpriseType(
        "ev",
        "新能源汽车 New Energy Vehicles",
        ("ev-powertrain", "electrical"),
        ("ev-powertrain", "electrical", "auto-repair"),
    ),
    EnterpriseType(
        "hydraulic",
        "液压件 Hydraulic Components",
        ("hydraulics", "plc"),
        ("hydraulics", "fitting", "plc"),
    ),
    EnterpriseType(
        "mould",
        "精密模具 Precision Moulds",
        ("cnc-3axis", "additive-mfg"),
        ("cnc-3axis", "additive-mfg", "fitting"),
    ),
)

#: Places of Liaoning province for site and institution names (pinyin, Chinese).
PLACES: tuple[tuple[str, str], ...] = (
    ("Ganjingzi", "甘井子"),
    ("Lüshunkou", "旅顺口"),
    ("Jinzhou", "金州"),
    ("Shahekou", "沙河口"),
    ("Zhongshan", "中山"),
    ("Xigang", "西岗"),
    ("Pulandian", "普兰店"),
    ("Wafangdian", "瓦房店"),
    ("Zhuanghe", "庄河"),
    ("Changxing Island", "长兴岛"),
    ("Anshan", "鞍山"),
    ("Yingkou", "营口"),
    ("Dandong", "丹东"),
    ("Tieling", "铁岭"),
    ("Fushun", "抚顺"),
    ("Benxi", "本溪"),
    ("Liaoyang", "辽阳"),
    ("Panjin", "盘锦"),
    ("Jinzhou (west)", "锦州"),
    ("Huludao", "葫芦岛"),
    ("Fuxin", "阜新"),
    ("Chaoyang", "朝阳"),
    ("Shenyang Tiexi", "沈阳铁西"),
    ("Shenyang Hunnan", "沈阳浑南"),
    ("Shenyang Yuhong", "沈阳于洪"),
    ("Kaiyuan", "开原"),
    ("Haicheng", "海城"),
    ("Gaizhou", "盖州"),
    ("Xinmin", "新民"),
    ("Donggang", "东港"),
)

#: Industrial parks and development zones (pinyin, Chinese).
PARKS: tuple[tuple[str, str], ...] = (
    ("Dalian Economic & Technological Development Zone", "大连经济技术开发区"),
    ("Dalian High-tech Zone", "大连高新区"),
    ("Jinpu New Area", "金普新区"),
    ("Shenyang Economic & Technological Development Zone", "沈阳经济技术开发区"),
    ("Yingkou Bayuquan Port Industrial Zone", "营口鲅鱼圈临港工业区"),
    ("Anshan Da'an Industrial Park", "鞍山达道湾工业园"),
    ("Tieling Special Vehicle Park", "铁岭专用车产业园"),
    ("Dandong Frontier Economic Cooperation Zone", "丹东边境经济合作区"),
)

#: College name patterns: (Chinese suffix, English suffix).
COLLEGE_STYLES: tuple[tuple[str, str], ...] = (
    ("职业技术学院", "Vocational & Technical College"),
    ("技师学院", "Technician College"),
    ("装备制造职业技术学院", "Equipment Manufacturing Vocational College"),
    ("工业职业学院", "Industrial Vocational College"),
    ("汽车职业技术学院", "Automotive Vocational College"),
    ("机电工程学校", "Mechanical & Electrical Engineering School"),
)

#: Roots of company names (pinyin, Chinese).
COMPANY_ROOTS: tuple[tuple[str, str], ...] = (
    ("Jinggong", "精工"),
    ("Ruifeng", "瑞丰"),
    ("Huarui", "华锐"),
    ("Dingsheng", "鼎盛"),
    ("Hengli", "恒力"),
    ("Yuanhang", "远航"),
    ("Haichuang", "海创"),
    ("Jinshi", "金石"),
    ("Beifang", "北方"),
    ("Liaohai", "辽海"),
    ("Boyuan", "博远"),
    ("Zhenhua", "振华"),
    ("Changxing", "长兴"),
    ("Hongda", "宏达"),
    ("Xinghai", "星海"),
    ("Binhai", "滨海"),
    ("Tianyuan", "天元"),
    ("Hongyun", "鸿运"),
    ("Jiahe", "嘉禾"),
    ("Chuangxin", "创新"),
)

SURNAMES: tuple[tuple[str, str], ...] = (
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Zhao", "赵"),
    ("Huang", "黄"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "徐"),
    ("Sun", "孙"),
    ("Ma", "马"),
    ("Zhu", "朱"),
    ("Hu", "胡"),
    ("Guo", "郭"),
    ("He", "何"),
    ("Gao", "高"),
    ("Lin", "林"),
    ("Luo", "罗"),
    ("Zheng", "郑"),
    ("Liang", "梁"),
    ("Song", "宋"),
    ("Tang", "唐"),
)

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Na", "娜"),
    ("Min", "敏"),
    ("Jing", "静"),
    ("Lei", "磊"),
    ("Qiang", "强"),
    ("Jun", "军"),
    ("Yang", "洋"),
    ("Yong", "勇"),
    ("Yan", "艳"),
    ("Jie", "杰"),
    ("Tao", "涛"),
    ("Ming", "明"),
    ("Chao", "超"),
    ("Hui", "慧"),
    ("Gang", "刚"),
    ("Ping", "平"),
    ("Hong", "红"),
    ("Bo", "波"),
    ("Hao", "浩"),
    ("Li", "丽"),
    ("Kai", "凯"),
    ("Xin", "欣"),
)
