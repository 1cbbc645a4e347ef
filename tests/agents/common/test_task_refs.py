"""Task references in branch names, titles, bodies and commit messages (pure parsing)."""

from __future__ import annotations

from agents.common.task_refs import MAX_CANDIDATES, Candidate, find_candidates
from integrations.jira.keys import issue_keys


def test_references__cu_ids_custom_ids_hash_ids_and_clickup_urls() -> None:
    found = find_candidates(
        branch="feature/cu-86a1b2c3-coupons",
        texts=["ENG-42: coupons (#abc9 and #12)",
               "See https://app.clickup.com/t/9000/OPS-7 and app.clickup.com/t/x1y2"],
    )
    assert found == [
        Candidate("id", "86a1b2c3"),
        Candidate("custom", "ENG-42"),
        Candidate("hash", "abc9"),
        Candidate("hash", "12"),
        Candidate("custom", "OPS-7"),
        Candidate("id", "x1y2"),
    ]


def test_references__branch_custom_ids_any_case_text_custom_ids_upper_case_only() -> None:
    assert find_candidates(branch="eng-42-search", texts=["fix for eng-43"]) == [Candidate("custom", "ENG-42")]


def test_references__not_references() -> None:
    text = "## Summary\nmerge owner/repo#5, see &#39;x&#39;, word#tag, issue #12-b, CU-  and sha256 abc-def"
    assert find_candidates(texts=[text]) == []


def test_references__custom_id_prefixes_limit_custom_ids_and_cu_is_not_custom() -> None:
    found = find_candidates(texts=["UTF-8 text for ENG-42, CU-T1"], prefixes=["ENG"])
    assert found == [Candidate("id", "T1"), Candidate("custom", "ENG-42")]


def test_references__repeats_dropped_and_capped() -> None:
    text = " ".join(f"CU-t{i} CU-t{i}" for i in range(30))
    found = find_candidates(texts=[text, None, ""])
    assert len(found) == MAX_CANDIDATES and found[0] == Candidate("id", "t0")


def test_references__a_tracker_that_names_its_own_are_read_by_it_alone() -> None:
    texts = ["CU-T1 fixes #12, see OPS-7 and https://acme.atlassian.net/browse/ENG-42"]
    assert find_candidates(branch="feature/eng-42-search", texts=texts, references=issue_keys) == [
        Candidate("custom", "ENG-42"), Candidate("custom", "OPS-7")]
    assert find_candidates(branch="feature/eng-42-search", texts=texts, references=issue_keys,
                           prefixes=["ops"]) == [Candidate("custom", "OPS-7")]
