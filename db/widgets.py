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
        "The customer IDs and companies of the customer user, with their in-progress and closed ticket counts.",
        "顧客ユーザーの顧客IDと顧客名、対応中およびクローズ済みのチケット件数を表示します。",
        paged=False,
    ),
    _widget(
        WidgetKey.ASSIGNED_CIS,
        "Assigned CIs",
        "Assigned CIs",
        "Configuration items whose owner is the customer user.",
        "顧客ユーザーがオーナーとして設定されている構成アイテムの一覧です。",
        paged=True,
    ),
    _widget(
        WidgetKey.REMINDER_TICKETS,
        "Reminder Tickets",
        "保留期限切れチケット",
        "Tickets that have been pending for at least the reminder period ({reminder_hours} hours).",
        "ステータスが保留のまま一定時間({reminder_hours} 時間)が経過したチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.ESCALATED_TICKETS,
        "Escalated Tickets",
        "エスカレーションチケット",
        "Tickets that are not closed and whose escalation time has passed.",
        "クローズされておらず、エスカレーション時刻を過ぎたチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.NEW_TICKETS,
        "New Tickets",
        "新規チケット",
        "Tickets with a status of category NEW.",
        "ステータスが新規のチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.OPEN_TICKETS,
        "Open Tickets",
        "対応中チケット",
        "Tickets with a status of category IN_PROGRESS.",
        "ステータスが対応中(未完了)のチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.CLOSED_TICKETS,
        "Closed Tickets",
        "Closed Tickets",
        "Tickets with a status of category CLOSED.",
        "ステータスが完了のチケットを表示します。",
        paged=True,
    ),
    _widget(
        WidgetKey.CUSTOMER_USER_INFORMATION,
        "Customer User Information",
        "顧客ユーザー情報",
        "The customer user's own record.",
        "顧客ユーザーの情報を表示します。",
        paged=False,
    ),
    _widget(
        WidgetKey.CUSTOMER_INFORMATION,
        "Customer Information",
        "顧客情報",
        "The company of the customer user's primary customer ID.",
        "顧客ユーザーの主顧客IDの顧客情報を表示します。",
        paged=False,
    ),
)

WIDGET_ORDER: tuple[WidgetKey, ...] = tuple(widget.key for widget in WIDGETS)
WIDGETS_BY_KEY: dict[WidgetKey, WidgetInfo] = {widget.key: widget for widget in WIDGETS}
PAGED_WIDGETS: tuple[WidgetKey, ...] = tuple(widget.key for widget in WIDGETS if widget.paged)
