"""A customer user with everyday helpdesk tickets carrying the helpdesk's own ids (for links),
a colleague written in Japanese script, and configuration items: what the ticket-widget and
Japanese-screen tests need beside tests/api/dataset.py (it reuses its queues and agents).

Invented data: the README's screenshots show only the demo data (tests/browser/showcase.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.api.dataset import ago, ticket

LOGIN = "k.tanaka"


def records(now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(UTC)

    def mine(number: str, status: str, title: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("customer_id", "YAMATO")
        # The helpdesk's own id, for links (tests/browser/conftest.py TICKET_URL).
        fields.setdefault("source_id", str(int(number[-5:])))
        return ticket(number, status, now, title=title, customer_user=LOGIN, **fields)

    data: list[dict[str, Any]] = [
        {
            "type": "customer_company",
            "customer_id": "YAMATO",
            "name": "Yamato Logistics K.K.",
            "street": "2-4-1 Marunouchi",
            "zip": "100-6390",
            "city": "Chiyoda-ku, Tokyo",
            "country": "Japan",
            "url": "https://yamato-logistics.example",
        },
        {"type": "customer_company", "customer_id": "YAMATO-OSAKA", "name": "大和ロジスティクス 大阪支店"},
        {
            "type": "customer_user",
            "login": LOGIN,
            "first_name": "Kenji",
            "last_name": "Tanaka",
            "title": "Mr.",
            "email": "k.tanaka@yamato-logistics.example",
            "phone": "+81 3 5555 0142",
            "mobile": "+81 90 5555 0199",
            "street": "2-4-1 Marunouchi",
            "zip": "100-6390",
            "city": "Chiyoda-ku, Tokyo",
            "country": "Japan",
            "customer_id": "YAMATO",
            "customer_ids": ["YAMATO-OSAKA"],
            "comment": "Finance department, 12th floor",
        },
        # A colleague written in Japanese script: family name 鈴木, given name 舞.
        {
            "type": "customer_user",
            "login": "m.suzuki",
            "first_name": "舞",
            "last_name": "鈴木",
            "email": "m.suzuki@yamato-logistics.example",
            "customer_id": "YAMATO-OSAKA",
        },
        mine(
            "2026110410000021",
            "pending",
            "Replacement laptop: waiting for delivery confirmation",
            created_at=ago(150, now),
            status_changed_at=ago(52, now),
            owner="alice",
        ),
        mine(
            "2026111210000087",
            "open",
            "VPN disconnects every 30 minutes",
            priority=4,
            created_at=ago(30, now),
            escalation_at=ago(2.5, now),
            changed_at=ago(3, now),
            owner="alice",
            locked=True,
            watchers=["alice"],
        ),
        mine(
            "2026111310000012",
            "new",
            "Cannot open the finance share on fs01",
            priority=5,
            created_at=ago(5, now),
            escalation_at=ago(0.6, now),
            queue="Network",
        ),
        mine("2026111310000034", "new", "Licence request: Adobe Acrobat Pro", priority=2, created_at=ago(3, now)),
        mine("2026111310000051", "new", "経費精算システムにログインできない", created_at=ago(1.2, now)),
        mine(
            "2026111010000044",
            "in_progress",
            "Outlook search returns no results",
            created_at=ago(70, now),
            changed_at=ago(6, now),
            responsible="alice",
        ),
        mine(
            "2026110910000018",
            "open",
            "Teams meetings: echo on the meeting room speaker",
            created_at=ago(95, now),
            changed_at=ago(20, now),
        ),
        mine(
            "2026110810000063",
            "awaiting_approval",
            "New starter accounts for two staff (Dec 1)",
            priority=2,
            created_at=ago(120, now),
            changed_at=ago(26, now),
            watchers=["alice"],
        ),
        mine(
            "2026110710000090",
            "open",
            "3F printer jams on duplex jobs",
            customer_id="YAMATO-OSAKA",
            created_at=ago(140, now),
            changed_at=ago(44, now),
            queue="Network",
        ),
        mine(
            "2026110510000027",
            "in_progress",
            "社内ポータルの表示が崩れる",
            created_at=ago(190, now),
            changed_at=ago(70, now),
        ),
        mine(
            "2026102910000015",
            "closed",
            "Monitor flickers after docking",
            created_at=ago(400, now),
            status_changed_at=ago(200, now),
        ),
        mine(
            "2026102210000039",
            "closed",
            "Wi-Fi drops in meeting room B",
            created_at=ago(600, now),
            status_changed_at=ago(500, now),
        ),
        mine(
            "2026101510000072",
            "completed",
            "Install the Zoom Outlook plug-in",
            priority=2,
            created_at=ago(800, now),
            status_changed_at=ago(780, now),
        ),
        ticket(
            "2026111110000055",
            "open",
            now,
            title="Shared mailbox permissions for Osaka branch",
            customer_user="m.suzuki",
            customer_id="YAMATO-OSAKA",
            changed_at=ago(9, now),
        ),
    ]
    for number, name, klass, deployment, incident in (
        ("CI-000231", "ThinkPad T14 Gen 4 (TK-0231)", "Computer", "Production", "Operational"),
        ("CI-000518", "iPhone 15 (MB-0518)", "Phone", "Production", "Operational"),
        ("CI-000077", "Dell U2723QE monitor", "Hardware", "Production", "Incident"),
    ):
        data.append(
            {
                "type": "config_item",
                "number": number,
                "name": name,
                "class": klass,
                "deployment_state": deployment,
                "incident_state": incident,
                "owner": LOGIN,
                "changed_at": ago(240, now),
                "source_id": str(int(number[-3:])),
            }
        )
    return data
