"""The fourteen 部省合建 universities (built jointly by the Ministry of Education and their province),
and the one loader that writes university rows from plain data.

Plain strings, no enums or current models, because the data migration
``universities/0002_co_built_universities`` imports this module: :func:`upsert_universities` takes
the model classes as parameters, so the migration passes historical models and the services pass
the real ones.

Codes are the ten-digit 学校标识码: "41", the two-digit GB/T 2260 code of the province the code was
issued in, "0", then the institution's five-digit 院校代码. 石河子大学's code was issued in 新疆 (65)
while the portal files it under 新疆生产建设兵团 (66), its 主管部门, whose education venue reviews
its graduates.
"""

from collections.abc import Iterable
from typing import Any

# (name, code, province code, 主管部门)
CO_BUILT: list[tuple[str, str, str, str]] = [
    ("河北大学", "4113010075", "13", "河北省"),
    ("山西大学", "4114010108", "14", "山西省"),
    ("内蒙古大学", "4115010126", "15", "内蒙古自治区"),
    ("南昌大学", "4136010403", "36", "江西省"),
    ("郑州大学", "4141010459", "41", "河南省"),
    ("广西大学", "4145010593", "45", "广西壮族自治区"),
    ("海南大学", "4146010589", "46", "海南省"),
    ("贵州大学", "4152010657", "52", "贵州省"),
    ("云南大学", "4153010673", "53", "云南省"),
    ("西藏大学", "4154010694", "54", "西藏自治区"),
    ("青海大学", "4163010743", "63", "青海省"),
    ("宁夏大学", "4164010749", "64", "宁夏回族自治区"),
    ("新疆大学", "4165010755", "65", "新疆维吾尔自治区"),
    ("石河子大学", "4165010759", "66", "新疆生产建设兵团"),
]


def co_built_rows() -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "code": code,
            "province": province,
            "authority": authority,
            "level": "undergraduate",
            "is_ministry_affiliated": False,
            "is_co_built": True,
        }
        for name, code, province, authority in CO_BUILT
    ]


def upsert_universities(university_model, province_model, rows: Iterable[dict[str, Any]]) -> int:
    """Create or refresh each row, matched by name (``province`` is a province code). Idempotent: a
    row already as given is not saved again (its ``updated_at`` stays). Returns the number of rows."""
    provinces = {p.code: p for p in province_model.objects.all()}
    count = 0
    for row in rows:
        fields = {**row, "province": provinces[row["province"]]}
        name = fields.pop("name")
        university = university_model.objects.filter(name=name).first()
        if university is None:
            university_model.objects.create(name=name, **fields)
        elif any(getattr(university, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(university, key, value)
            university.save()
        count += 1
    return count
