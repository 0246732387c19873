"""Data for the employers area's tests: registration and profile data, valid USCCs (the licence
files are in tests.factories.files)."""

from recruitment_weeks.reference.validators import uscc_check_character


def uscc_for(n: int, region: str = "110108") -> str:
    """A valid 统一社会信用代码 that EmployerFactory's sequence (region 110000) never produces."""
    first17 = f"91{region}{n:09d}"
    return first17 + uscc_check_character(first17)


def profile_data(**overrides) -> dict:
    """Form/API data for an employer profile in 北京 (province 11 of the notice data)."""
    data = {
        "name": "北京测试注册科技有限公司",
        "uscc": uscc_for(1),
        "ownership": "private",
        "industry": "I",
        "size": "50_149",
        "province": "11",
        "city": "北京市",
        "address": "北京市海淀区测试路1号",
        "website": "",
        "description": "一家从事软件开发的测试企业。",
        "contact_name": "王经理",
        "contact_title": "人力资源经理",
        "contact_mobile": "13912345678",
        "contact_email": "hr@example.cn",
    }
    data.update(overrides)
    return data


def registration_data(**overrides) -> dict:
    data = {
        "username": "newcorp",
        "email": "newcorp@example.cn",
        "password": "Zhaopin-2020-secure",
        "password_confirm": "Zhaopin-2020-secure",
        **profile_data(),
    }
    data.update(overrides)
    return data
