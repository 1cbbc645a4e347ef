"""Who the answerer answers from what: an outsider (not in `people`) gets documents only by default and nothing
with `access.outsider_answers: none`; a source with `visible_to` does not answer in an ordinary channel."""

from __future__ import annotations

from pathlib import Path

from agents.auto_answer import AutoAnswer
from agents.auto_answer.config import AutoAnswerConfig
from agents.team import TeamConfig
from tests.agents.auto_answer.aa_support import PEOPLE, section
from tests.agents.auto_answer.road_support import BUG_SOURCES, answer_world, dm, replies, say
from tests.support.world import World, world

HANDBOOK_SOURCES = [{"name": "handbook", "kind": "folder", "path": "handbook"}, *BUG_SOURCES]
SALARY = "Salary bands are reviewed every April by the leads."


def guest(w: World) -> None:
    w.slack.add_user("U0GUEST", "guest", "Gus Guest", "gus@partner.example")  # in Slack, not in `people`


def test_an_outsider_gets_documents_but_no_tracker_data(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        guest(w)
        w.clickup.add_task("T9", "Login fails on Safari", "L1", "to do", description="Blank page after sign-in.")
        live = say(w, "U0GUEST", "C0HELP", "Who is testing ENG-42?")
        docs = say(w, "U0GUEST", "C0HELP", "How many vacation days do we get?")
        dm(w, "U0GUEST", "Who is testing ENG-42?")
        member = say(w, "U0DANA", "C0HELP", "Who is testing ENG-42?")
        assert "Quinn Tester" not in replies(w, "C0HELP", live)[0].text
        assert "ENG-42 Checkout" not in "\n".join(m.text for m in w.slack.dms("U0GUEST"))
        assert "28 days of paid vacation" in replies(w, "C0HELP", docs)[0].text
        assert "*in testing*, Quinn Tester" in replies(w, "C0HELP", member)[0].text


def test_with_outsider_answers_none_an_outsider_gets_nothing(tmp_path: Path) -> None:
    team = TeamConfig.model_validate({"people": PEOPLE, "auto_answer": {
        **section(tmp_path), "sources": [{"name": "handbook", "kind": "folder", "path": str(tmp_path / "handbook")}]},
        "access": {"outsider_answers": "none"}})
    with world(tmp_path, team, tasks=[], channels=("C0HELP",)) as w:
        guest(w)
        asked = say(w, "U0GUEST", "C0HELP", "How many vacation days do we get?")
        dm(w, "U0GUEST", "How many vacation days do we get?")
        assert replies(w, "C0HELP", asked) == []
        assert [m.text for m in w.slack.dms("U0GUEST") if m.user != "U0GUEST"] == []
        again = say(w, "U0DANA", "C0HELP", "How many vacation days do we get?")
        assert "28 days of paid vacation" in replies(w, "C0HELP", again)[0].text


def test_a_lead_only_source_answers_in_a_channel_only_when_the_channel_is_private(tmp_path: Path) -> None:
    channels = {"C0HELP": {"mode": "questions", "sources": ["handbook", "leads"]},
                "C0SURE": {"mode": "questions", "sources": ["handbook", "leads"], "private": True}}
    with answer_world(tmp_path, channels=channels) as w:
        public = say(w, "U0LEE", "C0HELP", "When are salary bands reviewed?")
        private = say(w, "U0LEE", "C0SURE", "When are salary bands reviewed?")
        not_a_lead = say(w, "U0DANA", "C0SURE", "When are salary bands reviewed?")
        assert SALARY not in replies(w, "C0HELP", public)[0].text
        assert SALARY in replies(w, "C0SURE", private)[0].text
        assert SALARY not in replies(w, "C0SURE", not_a_lead)[0].text


def test_check_warns_of_a_restricted_source_in_an_ordinary_channel(tmp_path: Path) -> None:
    conf = section(tmp_path, channels={"C0HELP": {"sources": ["handbook", "leads"]}})
    team = TeamConfig.model_validate({"people": PEOPLE, "auto_answer": conf})
    problems = AutoAnswer(AutoAnswerConfig.model_validate(conf)).check(team)
    assert problems == ["auto_answer.channels[C0HELP]: source 'leads' has visible_to, so it does not answer in this "
                        "channel (everyone there would read it); set `private: true` on the channel if everyone in "
                        "it may see that source"]
