"""The dashboard in a real browser (headless Chromium through chromedriver): what a person sees and does -
sign in (and be refused with a wrong password), open every page, filter the audit log, follow an action to
the event that caused it, toggle dry run and see the next action recorded as dry run, retry a dead letter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.team import TeamConfig
from bot.web.auth import hash_password
from tests.conftest import FIXTURES
from tests.support.agents import CommentOnEveryTaskEvent
from tests.support.browser import chrome, full_page_screenshot, missing
from tests.support.platforms import Platforms, comment_texts, platforms, sign_clickup

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))
PASSWORD = "correct horse battery"
TEAM = TeamConfig.model_validate({"people": [
    {"name": "Lee", "slack": "U0LEE", "clickup": "101", "roles": ["lead"]},
    {"name": "Dana", "slack": "U0DANA", "clickup": "183", "roles": ["developer"]},
]})
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def deliver(p: Platforms, task: str = "1vj38vv", history: int = 0) -> None:
    """ClickUp's status-change fixture, for `task`, as a new delivery (its own history item id)."""
    body = (FIXTURES / "clickup" / "webhook.taskStatusUpdated.json").read_bytes()
    body = body.replace(b"1vj38vv", task.encode()).replace(b"2800787326392370170", str(2800787326392370170 + history)
                                                           .encode())
    answer = httpx.post(p.pmbot.url + "/webhooks/clickup", content=body, headers=sign_clickup(body))
    assert answer.status_code == 200, answer.text
    p.pmbot.drain()


def sign_in(driver: Any, url: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    field = driver.find_element(By.ID, "password")
    field.clear()
    field.send_keys(password)
    click_and_wait(driver, By.ID, "sign-in")


def click_and_wait(driver: Any, by: str, selector: str) -> None:
    """Click something that submits a form and wait until the next page replaced this one."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element("tag name", "html")
    driver.find_element(by, selector).click()

    def replaced(_: Any) -> bool:
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:  # Chrome may say it this way while the old document goes
            if "does not belong to the document" in str(exc):
                return True
            raise
        return False

    WebDriverWait(driver, 20).until(replaced)


def text(driver: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, element_id).text)


def audit_rows(driver: Any) -> list[list[str]]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#audit tr.action")
    return [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def agent_rows(driver: Any) -> list[list[str]]:
    """The audit rows but the sign-ins (the test's own, audited too)."""
    return [r for r in audit_rows(driver) if not r[2].startswith("pmbot.signin")]


def test_sign_in_pages_filters_event_link_dry_run_and_dead_letters(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with platforms(tmp_path, team=TEAM, agents=[CommentOnEveryTaskEvent()],
                   pmbot_admin_password_hash=hash_password(PASSWORD)) as p:
        p.clickup.add_list("162641062", "Board", ["to do", "in progress"])
        for task in ("1vj38vv", "2ab12cd", "3cd34ef"):
            p.clickup.add_task(task, f"Task {task}", "162641062", "to do")
        deliver(p)
        url = p.pmbot.url
        # Anonymous: every page sends you to sign in; the webhooks and health routes are untouched.
        for path in ("/", "/audit", "/agents", "/dead", "/agents/test_commenter"):
            answer = httpx.get(url + path, follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
        assert httpx.get(url + "/healthz").json() == {"status": "ok"}
        assert httpx.get(url + "/metrics").status_code == 200
        assert httpx.get(url + "/readyz").status_code == 200

        with chrome(tmp_path) as driver:
            sign_in(driver, url + "/audit", "wrong password")
            assert text(driver, "error") == "Wrong password."
            assert driver.current_url.endswith("/login")
            assert "Overview" not in driver.page_source
            sign_in(driver, url + "/audit", PASSWORD)
            assert driver.current_url == url + "/audit"  # back where the sign-in was asked for
            assert agent_rows(driver)[0][1:5] == ["test_commenter", "clickup.comment", "1vj38vv", "done"]

            # Every page renders, signed in.
            for path, marker in (("/", "events-chart"), ("/audit", "filters"), ("/agents", "agents"),
                                 ("/agents/test_commenter", "recent"), ("/dead", "no-dead")):
                driver.get(url + path)
                assert driver.find_element(By.ID, marker).is_displayed(), path
            driver.get(url + "/")
            assert "clickup" in text(driver, "platforms") and "Assumptions" in text(driver, "assumptions")
            assert "done" in text(driver, "backlog")

            # A second event on another task, then filter by target: one row; by platform github: none.
            deliver(p, "2ab12cd", 1)
            driver.get(url + "/audit")
            assert [r[3] for r in agent_rows(driver)] == ["2ab12cd", "1vj38vv"]
            driver.find_element(By.ID, "f-target").send_keys("1vj38vv")
            click_and_wait(driver, By.ID, "apply")
            assert [r[3] for r in audit_rows(driver)] == ["1vj38vv"]
            assert "target=1vj38vv" in driver.current_url
            driver.get(url + "/audit")
            Select(driver.find_element(By.ID, "f-platform")).select_by_visible_text("github")
            click_and_wait(driver, By.ID, "apply")
            assert audit_rows(driver) == [] and text(driver, "no-actions") == "No actions match."
            Select(driver.find_element(By.ID, "f-platform")).select_by_visible_text("clickup")
            Select(driver.find_element(By.ID, "f-agent")).select_by_visible_text("test_commenter")
            click_and_wait(driver, By.ID, "apply")
            assert len(audit_rows(driver)) == 2

            # One click from the action to the event that caused it, with its raw payload.
            click_and_wait(driver, By.CSS_SELECTOR, "#audit tr.action a.event-link")
            assert text(driver, "event-type") == "task.status_changed"
            raw = text(driver, "raw")
            assert '"event": "taskStatusUpdated"' in raw and "2ab12cd" in raw
            assert "clickup.comment" in text(driver, "caused")

            # Dry run for the agent: the next action is recorded as dry run, ClickUp gets no comment.
            driver.get(url + "/agents/test_commenter")
            click_and_wait(driver, By.ID, "dry_run-test_commenter")
            assert driver.current_url == url + "/agents/test_commenter"
            assert text(driver, "dry_run-test_commenter") == "dry run: on"
            deliver(p, "3cd34ef", 2)
            assert comment_texts(p.clickup, "3cd34ef") == []  # the platform untouched
            assert len(comment_texts(p.clickup, "1vj38vv")) == 1
            driver.get(url + "/audit")
            rows = audit_rows(driver)
            assert rows[0][1:5] == ["test_commenter", "clickup.comment", "3cd34ef", "dry run"]
            assert rows[1][1:5] == ["oversight", "pmbot.dry_run_on", "test_commenter", "done"]
            driver.get(url + "/agents/test_commenter")
            click_and_wait(driver, By.ID, "dry_run-test_commenter")
            assert text(driver, "dry_run-test_commenter") == "dry run: off"

            # A dead letter: Retry sends it back to the inbox (audited).
            dead_key = bury(p)
            driver.get(url + "/dead")
            assert dead_key in text(driver, "dead")
            click_and_wait(driver, By.CSS_SELECTOR, "#dead form[action='/dead/retry'] button")
            assert text(driver, "message") == "The event was sent back to the inbox."
            assert text(driver, "no-dead") == "No dead letters."

            # Sign out: the pages are closed again.
            click_and_wait(driver, By.ID, "logout")
            assert "/login" in driver.current_url
            driver.get(url + "/audit")
            assert driver.find_element(By.ID, "password")


def bury(p: Platforms) -> str:
    """An event that gave up after its retries (as the worker leaves one)."""
    from integrations.events import Event

    runtime = p.pmbot.runtime
    event = Event(id="test:dead:1", source="clickup", type="task.created", occurred_at=runtime.clock.now())

    async def put_and_bury() -> None:
        await runtime.store.inbox.put([event], available_at=runtime.clock.now().replace(year=2100))
        from sqlalchemy import update

        from bot.storage.tables import inbox

        async with runtime.db.begin() as conn:
            await conn.execute(update(inbox).where(inbox.c.key == event.id)
                               .values(status="dead", processed_at=runtime.clock.now(), attempts=8,
                                       last_error="Unavailable: 503 from ClickUp"))

    p.pmbot.call(put_and_bury)
    return event.id


def test_screenshots_of_every_page(tmp_path: Path) -> None:
    """`make screenshots`: one PNG per page in var/screenshots/ (look at them)."""
    with platforms(tmp_path, team=TEAM, agents=[CommentOnEveryTaskEvent()],
                   pmbot_admin_password_hash=hash_password(PASSWORD)) as p:
        p.clickup.add_list("162641062", "Board", ["to do", "in progress"])
        for n, task in enumerate(("1vj38vv", "2ab12cd", "3cd34ef")):
            p.clickup.add_task(task, f"Task {n}", "162641062", "to do")
            deliver(p, task, n)
        bury(p)
        SHOTS.mkdir(parents=True, exist_ok=True)
        with chrome(tmp_path) as driver:
            driver.get(p.pmbot.url + "/login")
            full_page_screenshot(driver, SHOTS / "login.png")
            sign_in(driver, p.pmbot.url + "/login", PASSWORD)
            driver.get(p.pmbot.url + "/audit")
            from selenium.webdriver.common.by import By

            event_key = driver.find_element(By.CSS_SELECTOR, "a.event-link").get_attribute("href")
            for name, path in (("overview", "/"), ("audit", "/audit"), ("event", event_key),
                               ("agents", "/agents"), ("agent", "/agents/test_commenter"), ("dead", "/dead")):
                driver.get(path if path.startswith("http") else p.pmbot.url + path)
                full_page_screenshot(driver, SHOTS / f"{name}.png")
    for name in ("login", "overview", "audit", "event", "agents", "agent", "dead"):
        assert (SHOTS / f"{name}.png").stat().st_size > 5_000, name
