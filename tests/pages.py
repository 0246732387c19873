"""Helpers for page tests: read the text of rendered elements, and build a venue catalogue with
factories so tests assert on rows they created (not on the notice data the migration loads)."""

import datetime as dt
from html.parser import HTMLParser

from events.enums import Season
from events.models import RecruitmentWeek
from tests.factories import BranchVenueFactory, MainVenueFactory, ProvinceFactory, WeekFactory
from venues.enums import System
from venues.models import Organisation, OrganiserContact, Platform, Province, Venue

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Collects the whitespace-normalised text of every element whose attributes match."""

    def __init__(self, attrs: dict[str, str]):
        super().__init__(convert_charrefs=True)
        self.wanted = attrs
        self.open: list[list] = []  # [start order, depth, text parts]
        self.found: list[tuple[int, str]] = []
        self.seen = 0

    def _matches(self, attrs: dict[str, str | None]) -> bool:
        for name, value in self.wanted.items():
            actual = attrs.get(name)
            if actual is None:
                return False
            if name == "class" and value not in actual.split():
                return False
            if name != "class" and actual != value:
                return False
        return True

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        for capture in self.open:
            capture[1] += 1
        if self._matches(dict(attrs)):
            self.seen += 1
            self.open.append([self.seen, 1, []])

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        for capture in self.open:
            capture[1] -= 1
        for capture in [c for c in self.open if c[1] == 0]:
            self.open.remove(capture)
            self.found.append((capture[0], " ".join(" ".join(capture[2]).split())))

    def handle_data(self, data):
        for capture in self.open:
            capture[2].append(data)


def texts(html: str | bytes, **attrs: str) -> list[str]:
    """Texts of the elements with these attributes, in document order. ``data_venue_kind="main"``
    matches data-venue-kind="main"; ``class_="badge"`` matches one class among several."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    collector = _Collector(wanted)
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    collector.close()
    return [text for _, text in sorted(collector.found)]


def text_of(html: str | bytes, element_id: str) -> str:
    """The text of the one element with this id."""
    found = texts(html, id=element_id)
    assert len(found) == 1, f"expected one element #{element_id}, found {len(found)}"
    return found[0]


# --- Data --------------------------------------------------------------------------------------------

WEEKS_2020 = [
    (Season.SPRING, "2020年全国高校毕业生就业网络联盟春季联合招聘周", dt.date(2020, 4, 23)),
    (Season.SUMMER, "2020年全国高校毕业生就业网络联盟夏季联合招聘周", dt.date(2020, 6, 20)),
    (Season.AUTUMN, "2020年全国高校毕业生就业网络联盟秋季联合招聘周", dt.date(2020, 9, 19)),
    (Season.WINTER, "2020年全国高校毕业生就业网络联盟冬季联合招聘周", dt.date(2020, 11, 23)),
]


def clear_catalogue() -> None:
    """Remove the notice data the data migration loads, inside the test's transaction, so a test
    sees only the rows it creates (and still passes before or after that migration exists)."""
    from universities.models import University

    University.objects.all().delete()  # the seeded 部省合建 universities name their provinces
    Venue.objects.filter(parent__isnull=False).delete()
    Venue.objects.all().delete()
    Province.objects.all().delete()
    RecruitmentWeek.objects.all().delete()
    Organisation.objects.all().delete()
    Platform.objects.all().delete()
    OrganiserContact.objects.all().delete()


def make_weeks_2020(count: int = 4) -> list[RecruitmentWeek]:
    return [
        WeekFactory(year=2020, season=season, name=name, starts_on=starts_on)
        for season, name, starts_on in WEEKS_2020[:count]
    ]


def make_main_venues() -> list[Venue]:
    return [
        MainVenueFactory(
            system=System.EDUCATION,
            slug="main-education",
            name="教育部主会场",
            name_en="Ministry of Education Main Venue",
            department="教育部",
            site_name="教育部大学生就业网（新职业网）",
            site_url="https://www.ncss.cn",
        ),
        MainVenueFactory(
            system=System.HR,
            slug="main-hr",
            name="人力资源社会保障部主会场",
            name_en="Ministry of Human Resources and Social Security Main Venue",
            department="人力资源社会保障部",
            site_name="中国国家人才网",
            site_url="https://www.newjobs.com.cn",
        ),
    ]


def make_branch_venues(count: int) -> list[Venue]:
    """``count`` branch venues: both systems of one province, then the next province (codes 10, 11, …)."""
    venues = []
    for index in range(count):
        province_index, system_index = divmod(index, 2)
        code = f"{10 + province_index:02d}"
        province = ProvinceFactory(
            code=code, name=f"测试省{code}", short_name=f"测{code}", name_en=f"Test Province {code}"
        )
        system, system_en = ((System.EDUCATION, "Education"), (System.HR, "HR"))[system_index]
        venues.append(
            BranchVenueFactory(
                province=province, system=system, name_en=f"Test Province {code} Branch Venue ({system_en})"
            )
        )
    return venues
