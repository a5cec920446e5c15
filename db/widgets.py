"""The widget catalogue: keys, labels, descriptions and defaults, in one place."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class WidgetKey(enum.StrEnum):
    CUSTOMER_IDS = "CUSTOMER_IDS"
    ASSIGNED_CIS = "ASSIGNED_CIS"
    REMINDER_TICKETS = "REMINDER_TICKETS"
    ESCALATED_TICKETS = "ESCALATED_TICKETS"
    NEW_TICKETS = "NEW_TICKETS"
    OPEN_TICKETS = "OPEN_TICKETS"
    CLOSED_TICKETS = "CLOSED_TICKETS"
    CUSTOMER_USER_INFORMATION = "CUSTOMER_USER_INFORMATION"
    CUSTOMER_INFORMATION = "CUSTOMER_INFORMATION"


class Locale(enum.StrEnum):
    EN = "EN"
    JA = "JA"


DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class WidgetInfo:
    key: WidgetKey
    labels: dict[Locale, str]
    descriptions: dict[Locale, str]
    # A paged widget lists its rows a page at a time, `pageSize` rows when the query gives
    # no `first`/`last`. The others have no page size: one record, or every customer ID.
    paged: bool
    default_visible: bool = True
    default_page_size: int = DEFAULT_PAGE_SIZE

    def description(self, locale: Locale, reminder_hours: float) -> str:
        """The description in `locale`, with the configured reminder period filled in."""
        return self.descriptions[locale].format(reminder_hours=f"{reminder_hours:g}")

    @property
    def default_position(self) -> int:
        return WIDGET_ORDER.index(self.key) + 1


def _widget(key: WidgetKey, en: str, ja: str, description_en: str, description_ja: str, *, paged: bool) -> WidgetInfo:
    return WidgetInfo(
        key=key,
        labels={Locale.EN: en, Locale.JA: ja},
        descriptions={Locale.EN: description_en, Locale.JA: description_ja},
        paged=paged,
    )


# In default order; the Japanese labels are the original screen's (two stay English).
WIDGETS: tuple[WidgetInfo, ...] = (
    _widget(
        WidgetKey.CUSTOMER_IDS,
        "Customer IDs",
        "顧客ID",
        "The customer user's companies (customer IDs), with how many of their tickets are in progress and closed.",
        "顧客ユーザーの顧客IDと顧客名、対応中およびクローズ済みのチケット件数を表示します。",
        paged=False,
    ),
    _widget(
        WidgetKey.ASSIGNED_CIS,
        "Assigned CIs",
        "Assigned CIs",
        "Devices and other configuration items that belong to the customer user.",
        "顧客ユーザーがオーナーとして設定されている構成アイテムの一覧です。",
        paged=True,
    ),
    _widget(
        WidgetKey.REMINDER_TICKETS,
        "Reminder Tickets",
        "保留期限切れチケット",
        "Tickets that have been waiting (pending) for {reminder_hours} hours or more.",
        "保留のまま {reminder_hours} 時間以上経過したチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.ESCALATED_TICKETS,
        "Escalated Tickets",
        "エスカレーションチケット",
        "Tickets not yet closed whose response deadline (escalation time) has passed.",
        "クローズされておらず、エスカレーション時刻を過ぎたチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.NEW_TICKETS,
        "New Tickets",
        "新規チケット",
        "New tickets that nobody has started working on yet.",
        "まだ対応が始まっていない新規チケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.OPEN_TICKETS,
        "Open Tickets",
        "対応中チケット",
        "Tickets being worked on: open, in progress, awaiting approval or implementation, and the like.",
        "対応中のチケット(オープン、対応中、承認待ち、実装待ちなど)を表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.CLOSED_TICKETS,
        "Closed Tickets",
        "Closed Tickets",
        "Finished tickets: closed, completed or cancelled.",
        "完了したチケット(クローズ、完了、キャンセルなど)を表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.CUSTOMER_USER_INFORMATION,
        "Customer User Information",
        "顧客ユーザー情報",
        "The customer user's contact details: name, email, phone and address.",
        "顧客ユーザーの連絡先(氏名、メール、電話、住所)を表示します。",
        paged=False,
    ),
    _widget(
        WidgetKey.CUSTOMER_INFORMATION,
        "Customer Information",
        "顧客情報",
        "The customer user's company (of their primary customer ID).",
        "顧客ユーザーの会社(プライマリ顧客ID)の情報を表示します。",
        paged=False,
    ),
)

WIDGET_ORDER: tuple[WidgetKey, ...] = tuple(widget.key for widget in WIDGETS)
WIDGETS_BY_KEY: dict[WidgetKey, WidgetInfo] = {widget.key: widget for widget in WIDGETS}
PAGED_WIDGETS: tuple[WidgetKey, ...] = tuple(widget.key for widget in WIDGETS if widget.paged)
