"""Reference vocabularies shared by employers and graduates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DegreeLevel(models.TextChoices):
    JUNIOR_COLLEGE = "junior_college", _("专科")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")

    @classmethod
    def rank(cls, value: str) -> int:
        """Order of the levels, for "degree requirement met" comparisons."""
        return [c.value for c in cls].index(value) + 1 if value in cls.values else 0


class DegreeRequirement(models.TextChoices):
    ANY = "any", _("不限")
    JUNIOR_COLLEGE = "junior_college", _("专科")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


class Industry(models.TextChoices):
    """GB/T 4754-2017 门类."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741 - the standard's own letter
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741 - the standard's own letter
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class OwnershipType(models.TextChoices):
    """单位性质."""

    STATE_OWNED = "state_owned", _("国有企业")
    PRIVATE = "private", _("民营企业")
    FOREIGN = "foreign", _("外资企业")
    JOINT_VENTURE = "joint_venture", _("中外合资企业")
    GOVERNMENT = "government", _("机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    OTHER = "other", _("其他")


class CompanySize(models.TextChoices):
    TINY = "lt50", _("50人以下")
    SMALL = "50_149", _("50–149人")
    MEDIUM = "150_499", _("150–499人")
    LARGE = "500_999", _("500–999人")
    XLARGE = "1000_9999", _("1000–9999人")
    HUGE = "gte10000", _("10000人以上")


# 学科门类 (Catalogue of degree-granting disciplines, 2022): code, Chinese name, English name.
DISCIPLINES: list[tuple[str, str, str]] = [
    ("01", "哲学", "Philosophy"),
    ("02", "经济学", "Economics"),
    ("03", "法学", "Law"),
    ("04", "教育学", "Education"),
    ("05", "文学", "Literature"),
    ("06", "历史学", "History"),
    ("07", "理学", "Science"),
    ("08", "工学", "Engineering"),
    ("09", "农学", "Agriculture"),
    ("10", "医学", "Medicine"),
    ("11", "军事学", "Military Science"),
    ("12", "管理学", "Management"),
    ("13", "艺术学", "Art"),
    ("14", "交叉学科", "Interdisciplinary Studies"),
]
