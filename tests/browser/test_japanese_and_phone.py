"""The screen for a Japanese agent (labels, dates, names and avatars) and on a phone, the
preferences that follow the agent to every device, and the settings dialog's details."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed (uv sync --dev)")

from playwright.async_api import Browser, Page, expect

from db.demo import Record
from tests.browser import helpdesk, showcase
from tests.browser.conftest import LiveCuic, Session, open_session
from tests.browser.screen import api_tickets, card, sign_in_with_demo, wait_for_card, wait_for_screen

NAMES = """query($login: String!) { customerUser(login: $login) {
  firstLast: fullName(order: FIRST_LAST) lastFirst: fullName(order: LAST_FIRST)
  information { createdAt } } }"""
LABELS = "nodes { number status { ja: label(locale: JA) } priority { ja: label(locale: JA) } }"
PREFERENCES = "{ viewer { preferences { locale nameOrder timeZone } } }"


async def formatted(page: Page, iso: str, locale: str, zone: str) -> str:
    text: str = await page.evaluate(
        """([iso, locale, zone]) => new Intl.DateTimeFormat(locale, {dateStyle: 'medium', timeStyle: 'short', timeZone: zone})
             .format(new Date(iso))""",
        [iso, locale, zone],
    )
    return text


async def test_japanese_labels_dates_names_and_avatars(browser: Browser, linked_cuic: LiveCuic) -> None:
    cuic = linked_cuic
    session = await open_session(browser, cuic, locale="ja-JP")
    page = session.page
    await page.goto(cuic.url + f"/#/users/{helpdesk.LOGIN}")
    await page.get_by_role("button", name="デモ用トークンでサインイン").click()
    await wait_for_screen(page)
    names = (await cuic.api(NAMES, {"login": helpdesk.LOGIN}))["customerUser"]
    # Japanese: the family name first, unless the agent chooses otherwise.
    await expect(page.locator("#screen-title")).to_have_text(names["lastFirst"])
    assert names["lastFirst"] == "Tanaka Kenji"
    await expect(page.locator(".screen__avatar")).to_have_text("TK")
    await expect(page.locator("[data-agent=alice]")).to_have_text("Admin Alice")

    widget = await wait_for_card(page, "OPEN_TICKETS")
    labels = await api_tickets(cuic, "openTickets", login=helpdesk.LOGIN, extra=LABELS)
    for node in labels["nodes"]:
        row = widget.locator(f"tr[data-ticket='{node['number']}']")
        await expect(row.locator(".status")).to_have_text(node["status"]["ja"])
        await expect(row.locator(".prio")).to_have_attribute("title", node["priority"]["ja"])
    assert {node["status"]["ja"] for node in labels["nodes"]} >= {"オープン", "対応中", "承認待ち"}
    await expect(widget.locator("th[data-column=colStatus]")).to_contain_text("ステータス")

    created = card(page, "CUSTOMER_USER_INFORMATION").locator("[data-field=fieldCreated] time")
    iso = names["information"]["createdAt"]
    await expect(created).to_have_text(await formatted(page, iso, "ja-JP", "Asia/Tokyo"))

    # A name in Japanese script: its avatar is the family name's first character.
    await page.goto(cuic.url + "/#/users/m.suzuki")
    await expect(page.locator("#screen-title")).to_have_text("鈴木 舞")
    await expect(page.locator(".screen__avatar")).to_have_text("鈴")
    await expect(card(page, "CUSTOMER_USER_INFORMATION").locator("[data-field=fieldName] dd")).to_have_text("鈴木 舞")

    # The agent's own time zone and name order, from the settings dialog, stored.
    await page.goto(cuic.url + f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(page)
    await page.get_by_role("button", name="設定").click()
    dialog = page.get_by_role("dialog", name="設定")
    await dialog.get_by_label("タイムゾーン").select_option("Europe/Berlin")
    await expect(dialog.locator("[role=status]")).to_have_text("設定を保存しました。")
    await dialog.get_by_label("氏名の順序").select_option("FIRST_LAST")
    await expect(dialog.locator("[role=status]")).to_have_text("設定を保存しました。")
    await page.keyboard.press("Escape")
    await expect(page.locator("#screen-title")).to_have_text("Kenji Tanaka")
    await expect(created).to_have_text(await formatted(page, iso, "ja-JP", "Europe/Berlin"))
    stored = (await cuic.api(PREFERENCES))["viewer"]["preferences"]
    assert stored == {"locale": None, "nameOrder": "FIRST_LAST", "timeZone": "Europe/Berlin"}

    # English on a Japanese browser: English dates, not the browser's Japanese ones.
    await page.locator("button[data-locale=en]").click()
    await expect(card(page, "CUSTOMER_USER_INFORMATION").locator("[data-field=fieldCreated] dt")).to_have_text(
        "Created"
    )
    await expect(created).to_have_text(await formatted(page, iso, "en", "Europe/Berlin"))
    assert session.errors == []
    await session.context.close()


async def test_preferences_follow_the_agent_to_another_device(browser: Browser, linked_cuic: LiveCuic) -> None:
    cuic = linked_cuic
    first = await open_session(browser, cuic, locale="en-US")
    await sign_in_with_demo(first.page, cuic, f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(first.page)
    # The choice is stored in the background: wait for its request (not a clock).
    async with first.page.expect_response(
        lambda response: "CuicUpdatePreferences" in (response.request.post_data or "")
    ):
        await first.page.locator("button[data-locale=ja]").click()
    await expect(first.page.locator("html")).to_have_attribute("lang", "ja")
    await expect(first.page.locator("#screen-title")).to_have_text("Tanaka Kenji")
    stored = (await cuic.api(PREFERENCES))["viewer"]["preferences"]
    assert stored == {"locale": "JA", "nameOrder": None, "timeZone": None}
    await first.context.close()

    # Another browser, in English, with nothing stored locally: the screen is Japanese.
    second = await open_session(browser, cuic, locale="en-US")
    page = second.page
    await sign_in_with_demo(page, cuic, f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(page)
    await expect(page.locator("html")).to_have_attribute("lang", "ja")
    await expect(card(page, "OPEN_TICKETS").locator(".card__title")).to_have_text("対応中チケット")
    await expect(page.locator("#screen-title")).to_have_text("Tanaka Kenji")
    assert second.errors == []
    await second.context.close()


async def test_settings_dialog_aligns_and_explains(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    await page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    boxes = dialog.locator(".settings__list input[type=checkbox]")
    await expect(boxes).to_have_count(9)
    lefts = {round((await boxes.nth(i).bounding_box() or {"x": -1})["x"]) for i in range(9)}
    assert len(lefts) == 1, lefts
    descriptions = await dialog.locator(".settings__description").all_text_contents()
    assert all(text and "category" not in text and "IN_PROGRESS" not in text for text in descriptions), descriptions

    size = dialog.get_by_label("Rows of Open Tickets")
    for bad in ("0", "250"):
        await size.fill(bad)
        await size.press("Enter")
        await expect(dialog.locator(".settings__error")).to_have_text("Rows must be a whole number from 1 to 100.")
        await expect(size).to_have_attribute("aria-invalid", "true")
        await expect(size).to_have_value(bad)
    stored = await cuic.api("{ viewer { widgetSettings { key pageSize } } }")
    assert {s["key"]: s["pageSize"] for s in stored["viewer"]["widgetSettings"]}["OPEN_TICKETS"] == 10
    await size.fill("5")
    await size.press("Enter")
    await expect(dialog.locator("[role=status]")).to_have_text("Settings saved.")
    await expect(dialog.locator(".settings__error")).to_have_count(0)
    await expect(card(page, "OPEN_TICKETS").locator("tbody tr")).to_have_count(5)


async def _phone_screenshot(page: Page, name: str, dirs: list[Path]) -> None:
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    await page.screenshot(path=dirs[0] / name, full_page=True)
    for directory in dirs[1:]:
        shutil.copyfile(dirs[0] / name, directory / name)


@pytest.mark.parametrize(("locale", "language"), [("en-US", "en"), ("ja-JP", "ja")])
async def test_phone_width_one_column_nothing_overlaps_titles_readable(
    browser: Browser,
    demo_cuic: tuple[LiveCuic, list[Record]],
    screenshot_dirs: list[Path],
    locale: str,
    language: str,
) -> None:
    # The phone screenshots are the README's too: the demo data, as `cuic serve` shows it.
    cuic = demo_cuic[0]
    session = await open_session(browser, cuic, locale=locale, width=390, height=844)
    page = session.page
    await page.goto(cuic.url + f"/#/users/{showcase.LOGIN}")
    await page.locator(".signin button").last.click()
    await wait_for_screen(page)
    await expect(page.locator("html")).to_have_attribute("lang", language)
    layout = await page.evaluate(
        """() => {
          const cards = [...document.querySelectorAll('section.card')].map(c => c.getBoundingClientRect());
          const overlaps = cards.some((a, i) => cards.some((b, j) => i < j && a.bottom > b.top + 1 && b.bottom > a.top + 1));
          const titles = [...document.querySelectorAll('.table--tickets .title-text')];
          return {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            lefts: [...new Set(cards.map(c => Math.round(c.left)))],
            widest: Math.max(...cards.map(c => c.right)),
            overlaps,
            titles: titles.length,
            cut: titles.filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().width < 120).map(t => t.textContent),
          };
        }"""
    )
    assert layout["overflow"] <= 0, layout
    assert len(layout["lefts"]) == 1 and layout["widest"] <= 390, layout
    assert not layout["overlaps"], layout
    assert layout["titles"] >= 10 and layout["cut"] == [], layout
    # The header bar wraps: nothing of it is off screen.
    tools = await page.locator("#tools").bounding_box()
    assert tools is not None and tools["x"] + tools["width"] <= 390
    await _phone_screenshot(page, f"cuic-phone-{language}.png", screenshot_dirs)
    assert session.errors == []
    await session.context.close()
    for directory in screenshot_dirs:
        assert (directory / f"cuic-phone-{language}.png").stat().st_size > 10_000
