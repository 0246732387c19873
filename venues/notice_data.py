"""The reference data of 教学厅函〔2020〕7号 (the 2020 notice of the Ministry of Education and the
Ministry of Human Resources and Social Security), and the one loader that writes it.

The data is plain Python with plain strings (not the TextChoices enums) because the data migration
``venues/0002_notice_data`` imports this module: it must not depend on the current models.
:func:`upsert_notice_data` takes the model classes as parameters, so the migration passes historical
models and :func:`venues.services.notice_data_load` passes the real ones — one code path for both.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from recruitment_weeks.reference.enums import DISCIPLINES

__all__ = [
    "BRANCH_DUTIES",
    "CONTACTS",
    "DISCIPLINES",
    "MAIN_VENUES",
    "NOTICE",
    "ORGANISATIONS",
    "PLATFORMS",
    "PROVINCES",
    "WEEKS",
    "NoticeModels",
    "branch_venues",
    "upsert_notice_data",
]

# --- The notice itself: its number and the day it was issued (印发) -----------------------------------
NOTICE: dict[str, Any] = {"number": "教学厅函〔2020〕7号", "issued_on": dt.date(2020, 4, 21)}

# --- 一、活动名称及时间 (each week carries the day its notice was issued) ------------------------------
WEEKS: list[dict[str, Any]] = [
    {
        "year": 2020,
        "season": "spring",
        "name": "2020年全国高校毕业生就业网络联盟春季联合招聘周",
        "starts_on": dt.date(2020, 4, 23),
        "ends_on": dt.date(2020, 4, 29),
        "notice_issued_on": NOTICE["issued_on"],
    },
    {
        "year": 2020,
        "season": "summer",
        "name": "2020年全国高校毕业生就业网络联盟夏季联合招聘周",
        "starts_on": dt.date(2020, 6, 20),
        "ends_on": dt.date(2020, 6, 26),
        "notice_issued_on": NOTICE["issued_on"],
    },
    {
        "year": 2020,
        "season": "autumn",
        "name": "2020年全国高校毕业生就业网络联盟秋季联合招聘周",
        "starts_on": dt.date(2020, 9, 19),
        "ends_on": dt.date(2020, 9, 25),
        "notice_issued_on": NOTICE["issued_on"],
    },
    {
        "year": 2020,
        "season": "winter",
        "name": "2020年全国高校毕业生就业网络联盟冬季联合招聘周",
        "starts_on": dt.date(2020, 11, 23),
        "ends_on": dt.date(2020, 11, 29),
        "notice_issued_on": NOTICE["issued_on"],
    },
]

# --- 二、组织机构: hosts (主办单位) and undertakers (承办单位), in the notice's order ---------------
ORGANISATIONS: list[dict[str, Any]] = [
    {"name": "教育部", "name_en": "Ministry of Education", "role": "host", "system": "education", "position": 1},
    {
        "name": "人力资源社会保障部",
        "name_en": "Ministry of Human Resources and Social Security",
        "role": "host",
        "system": "hr",
        "position": 2,
    },
    {
        "name": "全国高等学校学生信息咨询与就业指导中心",
        "name_en": "China Higher Education Student Information and Career Center",
        "role": "undertaker",
        "system": "education",
        "position": 1,
    },
    {
        "name": "全国人才流动中心",
        "name_en": "National Talent Exchange Center",
        "role": "undertaker",
        "system": "hr",
        "position": 2,
    },
    {
        "name": "中国就业培训技术指导中心",
        "name_en": "China Employment Training Technical Instruction Center",
        "role": "undertaker",
        "system": "hr",
        "position": 3,
    },
]

# --- 二（三）网络平台, in the notice's order; 三（一）names the two running the precision platform ------
PLATFORMS: list[dict[str, Any]] = [
    {
        "name": "教育部大学生就业网（新职业网）",
        "name_en": "Ministry of Education Graduate Employment Network (New Careers Network)",
        "url": "https://www.ncss.cn",
        "system": "education",
        "runs_precision_platform": True,
        "position": 1,
    },
    {
        "name": "中国人力资源市场网",
        "name_en": "China Human Resources Market Network",
        "url": "https://chrm.mohrss.gov.cn",
        "system": "hr",
        "runs_precision_platform": False,
        "position": 2,
    },
    {
        "name": "中国就业网",
        "name_en": "China Employment Network",
        "url": "https://www.chinajob.gov.cn",
        "system": "hr",
        "runs_precision_platform": False,
        "position": 3,
    },
    {
        "name": "中国公共招聘网",
        "name_en": "China Public Recruitment Network",
        "url": "https://www.job.mohrss.gov.cn",
        "system": "hr",
        "runs_precision_platform": False,
        "position": 4,
    },
    {
        "name": "中国国家人才网",
        "name_en": "China National Talent Network",
        "url": "https://www.newjobs.com.cn",
        "system": "hr",
        "runs_precision_platform": True,
        "position": 5,
    },
]

# --- Provincial-level units: (code, name, short name, English name, kind) ---------------------------
# Codes are the GB/T 2260 two-digit prefixes. 新疆生产建设兵团 has none there: "66" is the portal's
# own, stable code (after 65 新疆, never assigned by GB/T 2260). Short names are the one-character
# forms used on vehicle plates.
PROVINCES: list[tuple[str, str, str, str, str]] = [
    ("11", "北京市", "京", "Beijing", "municipality"),
    ("12", "天津市", "津", "Tianjin", "municipality"),
    ("13", "河北省", "冀", "Hebei", "province"),
    ("14", "山西省", "晋", "Shanxi", "province"),
    ("15", "内蒙古自治区", "蒙", "Inner Mongolia", "autonomous_region"),
    ("21", "辽宁省", "辽", "Liaoning", "province"),
    ("22", "吉林省", "吉", "Jilin", "province"),
    ("23", "黑龙江省", "黑", "Heilongjiang", "province"),
    ("31", "上海市", "沪", "Shanghai", "municipality"),
    ("32", "江苏省", "苏", "Jiangsu", "province"),
    ("33", "浙江省", "浙", "Zhejiang", "province"),
    ("34", "安徽省", "皖", "Anhui", "province"),
    ("35", "福建省", "闽", "Fujian", "province"),
    ("36", "江西省", "赣", "Jiangxi", "province"),
    ("37", "山东省", "鲁", "Shandong", "province"),
    ("41", "河南省", "豫", "Henan", "province"),
    ("42", "湖北省", "鄂", "Hubei", "province"),
    ("43", "湖南省", "湘", "Hunan", "province"),
    ("44", "广东省", "粤", "Guangdong", "province"),
    ("45", "广西壮族自治区", "桂", "Guangxi", "autonomous_region"),
    ("46", "海南省", "琼", "Hainan", "province"),
    ("50", "重庆市", "渝", "Chongqing", "municipality"),
    ("51", "四川省", "川", "Sichuan", "province"),
    ("52", "贵州省", "贵", "Guizhou", "province"),
    ("53", "云南省", "云", "Yunnan", "province"),
    ("54", "西藏自治区", "藏", "Xizang", "autonomous_region"),
    ("61", "陕西省", "陕", "Shaanxi", "province"),
    ("62", "甘肃省", "甘", "Gansu", "province"),
    ("63", "青海省", "青", "Qinghai", "province"),
    ("64", "宁夏回族自治区", "宁", "Ningxia", "autonomous_region"),
    ("65", "新疆维吾尔自治区", "新", "Xinjiang", "autonomous_region"),
    ("66", "新疆生产建设兵团", "兵团", "Xinjiang Production and Construction Corps", "corps"),
]

# --- 三、组织形式: the two main venues, each on its ministry's precision-platform site ------------
MAIN_VENUES: list[dict[str, Any]] = [
    {
        "slug": "main-education",
        "kind": "main",
        "system": "education",
        "name": "教育部主会场",
        "name_en": "Ministry of Education Main Venue",
        "department": "教育部",
        "site_name": "教育部大学生就业网（新职业网）",
        "site_url": "https://www.ncss.cn",
    },
    {
        "slug": "main-hr",
        "kind": "main",
        "system": "hr",
        "name": "人力资源社会保障部主会场",
        "name_en": "Ministry of Human Resources and Social Security Main Venue",
        "department": "人力资源社会保障部",
        "site_name": "中国国家人才网",
        "site_url": "https://www.newjobs.com.cn",
    },
]

# The notice's addressees: "各省、自治区、直辖市教育厅（教委）、人力资源社会保障厅（局），新疆生产建设兵团
# 教育局、人力资源社会保障局" — municipalities have an 教育委员会 and an HR 局, the 兵团 two 局.
_DEPARTMENT_SUFFIX: dict[str, dict[str, str]] = {
    "province": {"education": "教育厅", "hr": "人力资源和社会保障厅"},
    "autonomous_region": {"education": "教育厅", "hr": "人力资源和社会保障厅"},
    "municipality": {"education": "教育委员会", "hr": "人力资源和社会保障局"},
    "corps": {"education": "教育局", "hr": "人力资源和社会保障局"},
}
_SYSTEM_LABELS: dict[str, tuple[str, str]] = {
    "education": ("教育系统", "Education"),
    "hr": ("人社系统", "Human Resources and Social Security"),
}


def branch_venues() -> Iterator[dict[str, Any]]:
    """The 64 provincial branch venues (省级分会场): one per unit and system, in code order.

    ``province`` and ``parent`` are natural keys (province code, main venue slug). The activity-zone
    site is left blank: each branch venue reports it before every week.
    """
    for code, name, _short, name_en, kind in PROVINCES:
        for system, (label, label_en) in _SYSTEM_LABELS.items():
            yield {
                "slug": f"{code}-{system}",
                "kind": "branch",
                "system": system,
                "province": code,
                "parent": f"main-{system}",
                "name": f"{name}{label}分会场",
                "name_en": f"{name_en} Branch Venue ({label_en})",
                "department": f"{name}{_DEPARTMENT_SUFFIX[kind][system]}",
            }


# --- 三（二）What each system's branch venues must do, by the notice; and where the portal adds a rule --
# The notice gives the two systems different duties. Only the HR system's public employment sites
# report their zone a week ahead, and they report it to 中国国家人才网 and 中国就业网; the education
# system's branch venues open a zone on the local graduate-employment site and link it to the
# Ministry of Education's main venue. The portal collects every branch venue's zone link (the
# unified page shows them all) and applies the same one-week deadline to both systems: for the
# education system that deadline is the portal's own rule, said so wherever it is shown.
BRANCH_DUTIES: dict[str, dict[str, Any]] = {
    "education": {
        "duty": "在本地高校毕业生就业网站开设活动专区，并链接至教育部主会场。",
        "duty_en": "Open an activity zone on the local graduate employment website and link it to the "
        "Ministry of Education main venue.",
        "links_to": "main-education",
        "reports_to": [],
        "notice_requires_report": False,
    },
    "hr": {
        "duty": (
            "组织本地公共就业人才服务网站开设活动专区，"
            "在活动开始前一周将活动专区网站名称和链接报送中国国家人才网和中国就业网。"
        ),
        "duty_en": "Have the local public employment and talent service websites open an activity zone, and "
        "report its site name and link to China National Talent Network and China Employment "
        "Network one week before the week starts.",
        "links_to": None,
        "reports_to": ["中国国家人才网", "中国就业网"],
        "notice_requires_report": True,
    },
}


# --- 五、联系方式, exactly as published and in the notice's order ------------------------------------
CONTACTS: list[dict[str, Any]] = [
    {
        "system": "education",
        "unit": "教育部高校学生司",
        "unit_en": "Department of College Students, Ministry of Education",
        "people": "蔡炜浩",
        "phone": "17701348448",
        "fax": "",
        "email": "",
    },
    {
        "system": "education",
        "unit": "教育部全国高等学校学生信息咨询与就业指导中心",
        "unit_en": "China Higher Education Student Information and Career Center, Ministry of Education",
        "people": "郝浩",
        "phone": "18533529666",
        "fax": "",
        "email": "",
    },
    {
        "system": "education",
        "unit": "教育部大学生就业网",
        "unit_en": "Ministry of Education Graduate Employment Network",
        "people": "鲍童",
        "phone": "18513910905",
        "fax": "",
        "email": "zph@ncss.org.cn",
    },
    {
        "system": "hr",
        "unit": "人力资源社会保障部就业促进司",
        "unit_en": "Department of Employment Promotion, Ministry of Human Resources and Social Security",
        "people": "范淼",
        "phone": "010-84202538",
        "fax": "",
        "email": "",
    },
    {
        "system": "hr",
        "unit": "人力资源社会保障部人力资源流动管理司",
        "unit_en": "Department of Human Resources Mobility Management, Ministry of Human Resources and Social Security",
        "people": "栾冬",
        "phone": "010-84207247",
        "fax": "",
        "email": "",
    },
    {
        "system": "hr",
        "unit": "中国就业培训技术指导中心",
        "unit_en": "China Employment Training Technical Instruction Center",
        "people": "曹璐",
        "phone": "010-84661166",
        "fax": "010-84661160",
        "email": "jywzbgs@mohrss.gov.cn",
    },
    {
        "system": "hr",
        "unit": "人力资源社会保障部全国人才流动中心",
        "unit_en": "National Talent Exchange Center, Ministry of Human Resources and Social Security",
        "people": "李志远 杨虹",
        "phone": "010-64221170、64225712",
        "fax": "010-64229135",
        "email": "one8zero@163.com",
    },
]


# --- The loader ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeModels:
    """The model classes the loader writes: real ones, or a migration's historical ones."""

    week: Any
    organisation: Any
    platform: Any
    province: Any
    venue: Any
    contact: Any
    discipline: Any

    @classmethod
    def from_apps(cls, apps: Any) -> "NoticeModels":
        """From ``django.apps.apps`` or the ``apps`` a migration's RunPython receives."""
        return cls(
            week=apps.get_model("events", "RecruitmentWeek"),
            organisation=apps.get_model("venues", "Organisation"),
            platform=apps.get_model("venues", "Platform"),
            province=apps.get_model("venues", "Province"),
            venue=apps.get_model("venues", "Venue"),
            contact=apps.get_model("venues", "OrganiserContact"),
            discipline=apps.get_model("reference", "Discipline"),
        )


def upsert_notice_data(models: NoticeModels) -> dict[str, int]:
    """Insert or update every row above on its natural key; return how many rows of each kind the
    notice defines. Idempotent: a second run finds every row and writes the same values.

    Reference fields are reset to the notice's values; a branch venue's activity-zone site is only
    set on creation, because afterwards it belongs to that venue's report. The caller owns the
    transaction (the service is atomic; a migration runs in one).
    """
    # A migration before the week had its notice_issued_on field passes a model without it.
    week_fields = {"name", "starts_on", "ends_on", "notice_issued_on"} & {f.name for f in models.week._meta.fields}
    for week in WEEKS:
        models.week.objects.update_or_create(
            year=week["year"], season=week["season"], defaults={k: week[k] for k in week_fields}
        )
    for org in ORGANISATIONS:
        models.organisation.objects.update_or_create(name=org["name"], defaults=_without(org, "name"))
    for platform in PLATFORMS:
        models.platform.objects.update_or_create(name=platform["name"], defaults=_without(platform, "name"))

    provinces = {}
    for code, name, short_name, name_en, kind in PROVINCES:
        provinces[code], _ = models.province.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "name_en": name_en, "kind": kind}
        )

    mains = {}
    for venue in MAIN_VENUES:
        defaults = {**_without(venue, "slug"), "province": None, "parent": None}
        mains[venue["slug"]], _ = models.venue.objects.update_or_create(slug=venue["slug"], defaults=defaults)
    branches = list(branch_venues())
    for venue in branches:
        defaults = {
            **_without(venue, "slug", "province", "parent"),
            "province": provinces[venue["province"]],
            "parent": mains[venue["parent"]],
        }
        models.venue.objects.update_or_create(
            slug=venue["slug"], defaults=defaults, create_defaults={**defaults, "site_name": "", "site_url": ""}
        )

    for position, contact in enumerate(CONTACTS, start=1):
        models.contact.objects.update_or_create(
            system=contact["system"],
            unit=contact["unit"],
            defaults={**_without(contact, "system", "unit"), "position": position},
        )
    for code, name, name_en in DISCIPLINES:
        models.discipline.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})

    return {
        "weeks": len(WEEKS),
        "organisations": len(ORGANISATIONS),
        "platforms": len(PLATFORMS),
        "provinces": len(PROVINCES),
        "venues": len(MAIN_VENUES) + len(branches),
        "contacts": len(CONTACTS),
        "disciplines": len(DISCIPLINES),
    }


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}
