from dataclasses import dataclass

import pytest

from employers.models import Employer, JobPosting
from graduates.models import Graduate
from tests.factories import GraduateFactory, PostingFactory, discipline


@dataclass
class Pair:
    employer: Employer
    posting: JobPosting
    graduate: Graduate


def matched_pair(**graduate_fields) -> Pair:
    """A public posting and an approved, visible graduate among its matches (the same discipline)."""
    posting = PostingFactory(published=True)
    posting.disciplines.set([discipline("08")])
    graduate = GraduateFactory(approved=True, **graduate_fields)
    return Pair(posting.employer, posting, graduate)


@pytest.fixture
def pair() -> Pair:
    return matched_pair()
