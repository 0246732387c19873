"""Posting services: drafts before approval, the publish rules, 三严禁, closing and expiry."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from employers import services
from employers.enums import EmployerStatus, PostingStatus
from employers.models import JobPosting
from employers.selectors import postings_public
from employers.services.reviews import employer_reinstate, employer_suspend
from employers.tasks import task_close_expired_postings
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.workflow import InvalidTransition
from tests.factories import EmployerFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db


def full_data(**overrides) -> dict:
    data = {
        "title": "数据分析师",
        "description": "负责业务数据分析与报表。",
        "requirements": "统计学或计算机相关专业，不限男女。",
        "headcount": 2,
        "city": "北京市",
        "degree_requirement": "bachelor",
        "salary_min": 8000,
        "salary_max": 12000,
        "valid_until": timezone.localdate() + dt.timedelta(days=30),
    }
    data.update(overrides)
    return data


def test_posting_create_draft_before_approval_needs_only_title():
    employer = EmployerFactory()  # pending review

    posting = services.posting_create(employer=employer, actor=employer.user, data={"title": "实习生"})

    assert (posting.status, posting.title, posting.headcount, posting.province) == (
        "draft",
        "实习生",
        None,
        employer.province,
    )
    assert list(postings_public()) == []
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["employers.posting.created"]


def test_posting_create_draft_without_title_is_refused():
    employer = EmployerFactory()

    with pytest.raises(ValidationError) as exc:
        services.posting_create(employer=employer, actor=employer.user, data={"title": "  "})

    assert exc.value.message_dict == {"title": ["请填写职位名称。"]}
    assert JobPosting.objects.count() == 0


@pytest.mark.parametrize("status", [EmployerStatus.PENDING, EmployerStatus.REJECTED, EmployerStatus.SUSPENDED], ids=str)
def test_posting_publish_by_unapproved_employer_is_refused_and_changes_nothing(status):
    employer = EmployerFactory(status=status, status_reason="" if status == "pending" else "原因")
    posting = PostingFactory(employer=employer, **{k: v for k, v in full_data().items() if k != "degree_requirement"})
    before = JobPosting.objects.values().get(pk=posting.pk)

    with pytest.raises(ValidationError) as exc:
        services.posting_publish(posting=posting, actor=employer.user)

    assert (exc.value.code, exc.value.messages) == ("employer_not_approved", ["单位注册信息审核通过后才能发布职位。"])
    assert JobPosting.objects.values().get(pk=posting.pk) == before


def test_posting_create_with_publish_by_unapproved_employer_saves_nothing():
    employer = EmployerFactory()

    with pytest.raises(ValidationError) as exc:
        services.posting_create(employer=employer, actor=employer.user, data=full_data(), publish=True)

    assert exc.value.code == "employer_not_approved"
    assert JobPosting.objects.count() == 0


def test_posting_create_and_publish_by_approved_employer_is_public():
    employer = EmployerFactory(approved=True)

    posting = services.posting_create(employer=employer, actor=employer.user, data=full_data(), publish=True)

    assert (posting.status, posting.published_at is not None) == ("published", True)
    assert list(postings_public()) == [posting]
    assert "数据" in JobPosting.objects.get(pk=posting.pk).search_text.split()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "employers.posting.created",
        "employers.posting.published",
    ]


def test_posting_publish_incomplete_draft_lists_each_missing_field():
    employer = EmployerFactory(approved=True)
    posting = services.posting_create(employer=employer, actor=employer.user, data={"title": "草稿职位"})

    with pytest.raises(ValidationError) as exc:
        services.posting_publish(posting=posting, actor=employer.user)

    required = ["发布职位前请填写此项。"]
    assert exc.value.message_dict == {
        "description": required,
        "requirements": required,
        "headcount": required,
        "city": required,
        "salary_min": required,
        "salary_max": required,
        "valid_until": required,
    }
    assert JobPosting.objects.get(pk=posting.pk).status == "draft"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"salary_min": 12000, "salary_max": 8000}, {"salary_max": ["月薪上限不能低于月薪下限。"]}),
        ({"headcount": 0}, {"headcount": ["招聘人数至少为1人。"]}),
        ({"valid_until": dt.date(2020, 1, 1)}, {"valid_until": ["有效期不能早于今天。"]}),
    ],
    ids=["salary-range", "headcount", "valid-until-past"],
)
def test_posting_create_publish_rule_errors(overrides, errors):
    employer = EmployerFactory(approved=True)

    with pytest.raises(ValidationError) as exc:
        services.posting_create(employer=employer, actor=employer.user, data=full_data(**overrides), publish=True)

    assert exc.value.message_dict == errors
    assert JobPosting.objects.count() == 0


def test_posting_valid_until_at_most_180_days_ahead():
    employer = EmployerFactory(approved=True)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as exc:
        services.posting_create(
            employer=employer, actor=None, data=full_data(valid_until=today + dt.timedelta(days=181)), publish=True
        )
    last = services.posting_create(
        employer=employer, actor=None, data=full_data(valid_until=today + dt.timedelta(days=180)), publish=True
    )
    first = services.posting_create(employer=employer, actor=None, data=full_data(valid_until=today), publish=True)

    limit = (today + dt.timedelta(days=180)).isoformat()
    assert exc.value.message_dict == {"valid_until": [f"有效期最长为180天，请选择{limit}或之前的日期。"]}
    assert (last.status, first.status) == ("published", "published")


@pytest.mark.parametrize(
    ("field", "text", "phrase", "rule"),
    [
        ("requirements", "限985、211院校毕业生", "限985、211院校毕业生", "不得限定985、211、双一流院校或第一学历"),
        ("description", "本岗位男性优先", "男性优先", "不得设置性别限制"),
        ("requirements", "须具有本地户籍", "须具有本地户籍", "不得设置户籍限制"),
        ("title", "会计（限汉族）", "限汉族", "不得设置民族限制"),
    ],
)
def test_posting_create_discriminatory_text_refused_even_as_draft(field, text, phrase, rule):
    employer = EmployerFactory()

    with pytest.raises(ValidationError) as exc:
        services.posting_create(employer=employer, actor=employer.user, data={"title": "会计", field: text})

    assert exc.value.message_dict == {field: [f"“{phrase}”违反招聘“三严禁”规定（{rule}），请修改后再提交。"]}
    assert JobPosting.objects.count() == 0


def test_posting_create_ordinary_text_like_buxian_nannv_passes():
    employer = EmployerFactory(approved=True)

    posting = services.posting_create(
        employer=employer,
        actor=None,
        data=full_data(requirements="不限男女，不限户籍，民族不限，男女不限。"),
        publish=True,
    )

    assert posting.status == "published"


def test_posting_update_published_must_stay_publishable():
    posting = PostingFactory(published=True)
    before = JobPosting.objects.values().get(pk=posting.pk)

    with pytest.raises(ValidationError) as exc:
        services.posting_update(posting=posting, actor=None, data={"description": ""})

    assert exc.value.message_dict == {"description": ["发布职位前请填写此项。"]}
    assert JobPosting.objects.values().get(pk=posting.pk) == before


def test_posting_update_changes_text_and_search_document():
    posting = PostingFactory(published=True, title="会计")

    services.posting_update(posting=posting, actor=None, data={"title": "出纳"})

    posting.refresh_from_db()
    assert (posting.title, posting.status) == ("出纳", "published")
    assert "出纳" in posting.search_text.split()
    assert "会计" not in posting.search_text.split()
    assert AuditEntry.objects.get().data == {"fields": ["title"]}


def test_posting_close_then_publish_again():
    posting = PostingFactory(published=True)

    services.posting_close(posting=posting, actor=None)
    assert list(postings_public()) == []
    services.posting_publish(posting=posting, actor=None)

    posting.refresh_from_db()
    assert posting.status == "published"
    assert list(postings_public()) == [posting]


def test_posting_close_twice_is_an_illegal_transition():
    posting = PostingFactory(status=PostingStatus.CLOSED)

    with pytest.raises(InvalidTransition) as exc:
        services.posting_close(posting=posting, actor=None)

    assert exc.value.messages == ["当前状态为“已关闭”，不能变为“已关闭”。"]


def test_postings_close_expired_closes_only_published_past_validity():
    today = timezone.localdate()
    expired = PostingFactory(published=True, valid_until=today - dt.timedelta(days=1))
    last_day = PostingFactory(published=True, valid_until=today)
    draft = PostingFactory(valid_until=today - dt.timedelta(days=3))

    count = services.postings_close_expired()

    assert count == 1
    assert dict(JobPosting.objects.values_list("pk", "status")) == {
        expired.pk: "closed",
        last_day.pk: "published",
        draft.pk: "draft",
    }
    assert list(AuditEntry.objects.values_list("action", "actor", "target_id")) == [
        ("employers.posting.expired", None, str(expired.pk))
    ]
    assert services.postings_close_expired() == 0


def test_task_close_expired_postings_runs_the_service(eager_tasks, settings):
    settings.SWEEP_BATCH_SIZE = 2
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    expired = [PostingFactory(published=True, valid_until=yesterday) for _ in range(3)]
    current = PostingFactory(published=True, valid_until=timezone.localdate())

    assert task_close_expired_postings.apply().get() == 2  # batches queued: 2 postings, then 1
    assert {p.pk: p.status for p in JobPosting.objects.all()} == {
        **{p.pk: "closed" for p in expired},
        current.pk: "published",
    }


def test_suspended_employer_postings_vanish_from_public_list_at_once():
    reviewer = UserFactory(is_staff=True)
    employer = EmployerFactory(approved=True)
    mine = [PostingFactory(employer=employer, published=True) for _ in range(2)]
    other = PostingFactory(published=True)
    assert set(postings_public()) == {*mine, other}

    employer_suspend(employer=employer, actor=reviewer, reason="发布虚假信息")

    assert list(postings_public()) == [other]
    assert set(JobPosting.objects.filter(employer=employer).values_list("status", flat=True)) == {"published"}
    employer_reinstate(employer=employer, actor=reviewer)
    assert set(postings_public()) == {*mine, other}
