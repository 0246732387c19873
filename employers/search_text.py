"""The search document of a posting: Chinese text as single characters and overlapping pairs.

Chinese has no spaces, so we index every CJK character (for one-character queries) and every pair
of neighbours (so 会计 matches 会计 and not 计会); Latin words and numbers are kept whole, lower case.
On PostgreSQL the document is indexed as to_tsvector('simple', search_text) with GIN (see the
migration); on SQLite the query side falls back to LIKE. ``refresh_search_text`` is called by every
service that changes what is indexed (posting text, employer name), so the column is always current.
"""

import re

from .models import Employer, JobPosting

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9a-z]+(?:[.+#][0-9a-z+#]*)*")


def ngram_tokens(text: str) -> list[str]:
    """'Java高级会计' → ['java', '高', '级', '会', '计', '高级', '级会', '会计']. The order matters: a run's
    pairs stand next to each other, so a phrase query ('会计' <-> '计学') finds exactly the run 会计学."""
    text = (text or "").lower()
    tokens: list[str] = WORD.findall(CJK_RUN.sub(" ", text))
    for run in CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def document_text(*, title: str, description: str, requirements: str, employer_name: str) -> str:
    """The tokens of everything a keyword search looks at, in order and with repeats (tsvector keeps
    every position of a token, which the phrase operator needs)."""
    return " ".join(token for part in (title, employer_name, description, requirements) for token in ngram_tokens(part))


def refresh_search_text(*, posting: JobPosting) -> None:
    posting.search_text = document_text(
        title=posting.title,
        description=posting.description,
        requirements=posting.requirements,
        employer_name=posting.employer.name,
    )
    JobPosting.objects.filter(pk=posting.pk).update(search_text=posting.search_text)


def refresh_employer_postings(*, employer: Employer) -> int:
    """After an employer's name changes. Returns how many postings were re-indexed."""
    count = 0
    for posting in JobPosting.objects.filter(employer=employer).select_related("employer"):
        refresh_search_text(posting=posting)
        count += 1
    return count
