"""Seed the screen's vocabulary: the limits the built-in patterns were written for (the 三严禁
categories), and the categories added with the vocabulary (marital and childbearing status, health,
age, religion, region). Staff extend or switch off phrases in the admin afterwards."""

from django.db import migrations

SEED = {
    "school": ["985院校", "211院校", "985高校", "211高校", "双一流高校", "双一流院校", "第一学历", "名校毕业", "重点院校毕业"],
    "gender": ["限男性", "限女性", "仅招男生", "仅招女生", "只招男生", "只招女生", "男性优先", "女性优先", "男士优先", "女士优先"],
    "household": [
        "本地户口",
        "本地户籍",
        "本市户口",
        "本市户籍",
        "城镇户口",
        "农村户口",
        "限本地人",
        "仅限本地人",
        "本地人优先",
        "本地生源",
        "限本地生源",
        "外地人勿扰",
        "外地户口勿扰",
    ],
    "ethnicity": ["限汉族", "仅限汉族", "汉族优先", "少数民族勿扰"],
    "marital": [
        "限未婚",
        "限已婚",
        "仅限未婚",
        "仅限已婚",
        "未婚优先",
        "已婚优先",
        "已婚已育",
        "已育优先",
        "单身优先",
        "未婚未育",
        "已婚未育勿扰",
        "无生育计划",
        "暂无生育计划",
        "近期不生育",
        "孕妇勿扰",
    ],
    "health": ["乙肝携带者", "乙肝勿扰", "非乙肝", "无乙肝", "乙肝五项", "乙肝两对半", "大三阳", "小三阳", "HBV阳性"],
    "age": ["35岁以下", "30岁以下", "28岁以下", "25岁以下", "年龄不超过35岁", "年龄不超过30岁", "35岁以上勿扰"],
    "religion": ["无宗教信仰", "不信教", "信教者勿扰", "有宗教信仰者勿扰"],
}


def seed(apps, schema_editor):
    ScreenPhrase = apps.get_model("employers", "ScreenPhrase")
    for category, phrases in SEED.items():
        for phrase in phrases:
            ScreenPhrase.objects.get_or_create(phrase=phrase, defaults={"category": category})


def unseed(apps, schema_editor):
    ScreenPhrase = apps.get_model("employers", "ScreenPhrase")
    ScreenPhrase.objects.filter(phrase__in=[p for phrases in SEED.values() for p in phrases]).delete()


class Migration(migrations.Migration):
    dependencies = [("employers", "0012_screen_phrases_posting_reports")]

    operations = [migrations.RunPython(seed, unseed)]
