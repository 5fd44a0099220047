"""Every ```sql block of the README's warehouse section runs on the example warehouse and returns rows."""
from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from warehouse import db


def _section_queries() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The warehouse\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


QUERIES = _section_queries()


def test_the_readme_has_the_example_queries():
    assert len(QUERIES) >= 6
    for view in ("flagged_calls", "agent_scorecard", "agent_evidence", "rule_trends", "team_benchmarks",
                 "search_utterances"):
        assert any(view in q for q in QUERIES), view


@pytest.mark.parametrize("query", QUERIES, ids=[q.split("FROM", 1)[1].split()[0] for q in QUERIES])
def test_a_readme_query_runs_read_only_and_returns_rows(example_warehouse, query):
    with db.connect(example_warehouse, read_only=True, search=True) as con:
        rows = con.execute(query).fetchall()
    assert rows, query
