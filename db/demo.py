"""Realistic demo data for an empty database, in the import format.

`demo_records` yields import records (dicts ready for JSON); `load_demo` feeds them through
the importer, the same path as `cuic import`. The data:

- ticket statuses: the seeded ones plus "merged" (category OTHER);
- six queues in four permission groups ("users", "infrastructure", "applications",
  "security");
- exactly three agents: "admin" (rw on every group), "support" (rw on users,
  infrastructure and applications, ro on security) and "auditor" (ro on users only),
  each with chosen queues ("My Queues");
- about one company per five customer users, Japanese ("株式会社青葉システム") and
  English ("Acme Corp") alike; the users (山田 太郎, Emily Clark, ...) belong to them,
  some with further customer IDs, and two users' primary customer IDs have no company;
- about ten tickets per customer user, in every status, with owners, responsibles,
  watchers and locks, pending tickets past the reminder period, escalations past and
  to come;
- about two configuration items per customer user, owned by the user.

The first customer user is always `yamada.taro` (山田 太郎, company C00001 "株式会社青葉システム"),
with tickets in every status and in every widget (pending past 24 h, escalated, ...).

Determinism: everything follows from `random.Random(seed)` and the number of customer
users, except timestamps, which are `now` minus a drawn offset (so that "pending for
more than 24 hours" and "escalation passed" mean something whenever the demo is loaded).
Pass the same `now` to get identical records; with another `now` only the timestamp
fields (`*_at`) differ.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

import asyncpg
import orjson

from db.demo_marker import set_demo_marker
from db.importer import ImportSummary, import_records

Record = dict[str, object]

JST: Final = timezone(timedelta(hours=9))
USERS_PER_COMPANY: Final = 5

# Queue -> permission group.
QUEUES: Final = {
    "Service Desk": "users",
    "Facilities": "users",
    "Network": "infrastructure",
    "Hardware": "infrastructure",
    "Applications": "applications",
    "Security": "security",
}
GROUPS: Final = ("users", "infrastructure", "applications", "security")

AGENTS: Final[tuple[Record, ...]] = (
    {
        "type": "agent",
        "login": "admin",
        "first_name": "健一",
        "last_name": "佐藤",
        "email": "admin@helpdesk.example.jp",
        "groups": dict.fromkeys(GROUPS, "rw"),
        "my_queues": ["Service Desk", "Security"],
    },
    {
        "type": "agent",
        "login": "support",
        "first_name": "Emily",
        "last_name": "Clark",
        "email": "support@helpdesk.example.jp",
        "groups": {"users": "rw", "infrastructure": "rw", "applications": "rw", "security": "ro"},
        "my_queues": ["Service Desk", "Network", "Hardware"],
    },
    {
        "type": "agent",
        "login": "auditor",
        "first_name": "直子",
        "last_name": "中村",
        "email": "auditor@helpdesk.example.jp",
        "groups": {"users": "ro"},
        "my_queues": ["Service Desk"],
    },
)
AGENT_LOGINS: Final = tuple(str(agent["login"]) for agent in AGENTS)

STATUSES: Final = {
    "new": "NEW",
    "awaiting_approval": "IN_PROGRESS",
    "planning": "IN_PROGRESS",
    "in_progress": "IN_PROGRESS",
    "open": "IN_PROGRESS",
    "awaiting_implementation": "IN_PROGRESS",
    "declined": "IN_PROGRESS",
    "awaiting_backout": "IN_PROGRESS",
    "implementing": "IN_PROGRESS",
    "pending": "PENDING",
    "closed": "CLOSED",
    "completed": "CLOSED",
    "cancelled": "CLOSED",
    "closed_with_backout": "CLOSED",
    "merged": "OTHER",  # added by the demo
}
_STATUS_WEIGHTS: Final = {
    "new": 12,
    "awaiting_approval": 2,
    "planning": 2,
    "in_progress": 8,
    "open": 10,
    "awaiting_implementation": 2,
    "declined": 1,
    "awaiting_backout": 1,
    "implementing": 2,
    "pending": 12,
    "closed": 25,
    "completed": 10,
    "cancelled": 4,
    "closed_with_backout": 2,
    "merged": 3,
}
_STATUS_NAMES: Final = tuple(_STATUS_WEIGHTS)
_STATUS_CUMULATIVE: Final = tuple(sum(list(_STATUS_WEIGHTS.values())[: n + 1]) for n in range(len(_STATUS_WEIGHTS)))
_PRIORITIES: Final = (1, 2, 3, 4, 5)
_PRIORITY_CUMULATIVE: Final = (5, 20, 75, 93, 100)
# Escalation deadline after creation, by priority (hours).
_SLA_HOURS: Final = {1: 168, 2: 72, 3: 24, 4: 8, 5: 2}

# (title, queue, ticket type, service)
TOPICS: Final = (
    ("VPN に接続できない", "Network", "Incident", "Network::VPN"),
    ("Wi-Fi が頻繁に切断される", "Network", "Incident", "Network::Wi-Fi"),
    ("Cannot reach the intranet from the branch office", "Network", "Incident", "Network::WAN"),
    ("Firewall rule change request", "Network", "Change", "Network::Firewall"),
    ("ノート PC の動作が遅い", "Hardware", "Incident", "Hardware::Laptop"),
    ("New laptop for onboarding", "Hardware", "Service Request", "Hardware::Laptop"),
    ("プリンターで印刷できない", "Hardware", "Incident", "Hardware::Printer"),
    ("Monitor flickering", "Hardware", "Incident", "Hardware::Display"),
    ("Docking station not detected", "Hardware", "Incident", "Hardware::Accessories"),
    ("Outlook が起動しない", "Applications", "Incident", "Email"),
    ("Excel macro fails after update", "Applications", "Problem", "Office"),
    ("SAP GUI ログインエラー", "Applications", "Incident", "ERP::SAP"),
    ("Request Adobe Acrobat Pro licence", "Applications", "Service Request", "Software::Licences"),
    ("Teams の音声が途切れる", "Applications", "Incident", "Collaboration::Teams"),
    ("Upgrade of the expense system", "Applications", "Change", "ERP::Expenses"),
    ("パスワードリセット依頼", "Service Desk", "Service Request", "Identity::Accounts"),
    ("アカウントロック解除依頼", "Service Desk", "Service Request", "Identity::Accounts"),
    ("Access to shared drive", "Service Desk", "Service Request", "Storage::File Shares"),
    ("How do I set up e-mail on my phone?", "Service Desk", "Service Request", "Email"),
    ("Restore a deleted file from backup", "Service Desk", "Service Request", "Storage::Backup"),
    ("入館カードの発行", "Facilities", "Service Request", "Facilities::Access Cards"),
    ("Meeting room display not working", "Facilities", "Incident", "Facilities::Meeting Rooms"),
    ("座席レイアウト変更に伴う LAN 配線", "Facilities", "Change", "Facilities::Moves"),
    ("Suspicious e-mail reported (phishing)", "Security", "Incident", "Security::Phishing"),
    ("ウイルス検知のアラート", "Security", "Incident", "Security::Endpoint"),
    ("Request for local admin rights", "Security", "Service Request", "Security::Privileges"),
    ("USB メモリの使用許可申請", "Security", "Service Request", "Security::Devices"),
)

# (romaji, kanji)
JP_SURNAMES: Final = (
    ("yamada", "山田"), ("sato", "佐藤"), ("suzuki", "鈴木"), ("takahashi", "高橋"), ("tanaka", "田中"),
    ("ito", "伊藤"), ("watanabe", "渡辺"), ("nakamura", "中村"), ("kobayashi", "小林"), ("kato", "加藤"),
    ("yoshida", "吉田"), ("yamamoto", "山本"), ("matsumoto", "松本"), ("inoue", "井上"), ("kimura", "木村"),
    ("hayashi", "林"), ("shimizu", "清水"), ("yamaguchi", "山口"), ("saito", "斎藤"), ("mori", "森"),
    ("ikeda", "池田"), ("hashimoto", "橋本"), ("ishikawa", "石川"), ("maeda", "前田"), ("fujita", "藤田"),
    ("ogawa", "小川"), ("okada", "岡田"), ("goto", "後藤"), ("hasegawa", "長谷川"), ("murakami", "村上"),
)  # fmt: skip
JP_GIVEN_NAMES: Final = (
    ("taro", "太郎"), ("hanako", "花子"), ("ichiro", "一郎"), ("ken", "健"), ("shota", "翔太"),
    ("daisuke", "大輔"), ("naoko", "直子"), ("misaki", "美咲"), ("yoko", "陽子"), ("makoto", "誠"),
    ("ryo", "亮"), ("yumi", "由美"), ("megumi", "恵"), ("takuya", "拓也"), ("ai", "愛"),
    ("satoshi", "聡"), ("yuko", "優子"), ("kazuya", "和也"), ("mayumi", "真由美"), ("daiki", "大輝"),
    ("sakura", "さくら"), ("yui", "結衣"), ("ren", "蓮"), ("hina", "陽菜"),
)  # fmt: skip
EN_GIVEN_NAMES: Final = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Susan", "Emily", "Daniel", "Sarah", "Thomas", "Olivia", "Chris", "Laura", "Kevin",
)  # fmt: skip
EN_SURNAMES: Final = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young",
)  # fmt: skip

JP_COMPANY_STEMS: Final = (
    ("aoba", "青葉"), ("sakura", "桜"), ("hokuto", "北斗"), ("yamato", "大和"), ("asahi", "旭"),
    ("hinode", "日の出"), ("chuo", "中央"), ("fuji", "富士"), ("mirai", "みらい"), ("hikari", "光"),
    ("tokai", "東海"), ("kansai", "関西"), ("midori", "みどり"), ("taiyo", "太陽"), ("seiryu", "清流"),
)  # fmt: skip
JP_COMPANY_KINDS: Final = (
    ("system", "システム"), ("shoji", "商事"), ("denki", "電機"), ("seisakusho", "製作所"), ("bussan", "物産"),
    ("kensetsu", "建設"), ("kogyo", "工業"), ("unyu", "運輸"), ("solutions", "ソリューションズ"),
    ("joho", "情報サービス"), ("kagaku", "化学"), ("shokuhin", "食品"),
)  # fmt: skip
EN_COMPANY_STEMS: Final = (
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Cyberdyne", "Soylent",
    "Tyrell", "Aperture", "Oscorp", "Nakatomi", "Wonka", "Pied Piper", "Dunder Mifflin", "Monarch",
)  # fmt: skip
EN_COMPANY_KINDS: Final = ("Corp", "Inc.", "Ltd.", "Industries", "Systems", "Logistics", "Holdings", "Trading")

# (city, zip, street, country)
JP_PLACES: Final = (
    ("東京都千代田区", "100-0005", "丸の内1-9-1", "日本"),
    ("東京都港区", "105-0011", "芝公園4-2-8", "日本"),
    ("大阪市北区", "530-0001", "梅田3-1-1", "日本"),
    ("名古屋市中村区", "450-0002", "名駅1-1-4", "日本"),
    ("横浜市西区", "220-0012", "みなとみらい2-2-1", "日本"),
    ("福岡市博多区", "812-0012", "博多駅中央街1-1", "日本"),
    ("札幌市中央区", "060-0005", "北5条西2-5", "日本"),
    ("仙台市青葉区", "980-0021", "中央1-1-1", "日本"),
)
EN_PLACES: Final = (
    ("Springfield", "62701", "742 Evergreen Terrace", "USA"),
    ("New York", "10001", "350 Fifth Avenue", "USA"),
    ("London", "EC1A 1BB", "1 King William Street", "United Kingdom"),
    ("Sydney", "2000", "200 George Street", "Australia"),
    ("Toronto", "M5H 2N2", "100 Queen Street West", "Canada"),
    ("Singapore", "018989", "10 Marina Boulevard", "Singapore"),
)
JP_TITLES: Final = ("部長", "課長", "係長", "主任", "担当")
EN_TITLES: Final = ("Manager", "Team Lead", "Engineer", "Analyst", "Assistant")

# Configuration item class -> possible names.
CI_NAMES: Final = {
    "Computer": ("ThinkPad X1 Carbon", "MacBook Pro 14", "Dell Latitude 7440", "HP EliteBook 840", "Surface Pro 9"),
    "Software": ("Microsoft 365 E3", "Adobe Acrobat Pro", "SAP GUI 8.0", "Slack Enterprise", "AutoCAD LT"),
    "Network": ("VPN アカウント", "Wi-Fi クライアント証明書", "Cisco IP Phone 8841", "Guest Wi-Fi access"),
    "Location": ("東京本社 5F 執務室", "大阪支店 2F", "London Office, Desk 12", "Remote (home office)"),
    "Phone": ("iPhone 15", "Pixel 8", "Galaxy S23"),
    "Hardware": ('Display 27" 4K', "USB-C Docking Station", "Headset Jabra Evolve2"),
}
CI_CLASSES: Final = tuple(CI_NAMES)
DEPLOYMENT_STATES: Final = ("Production",) * 15 + ("Planned",) * 3 + ("Maintenance",) * 2
INCIDENT_STATES: Final = ("Operational",) * 16 + ("Warning",) * 2 + ("Incident",) * 2

# The name pools, also for other generators of test data (bench/make_data.py).
FAMILY_NAMES: Final = tuple(latin.capitalize() for latin, _ in JP_SURNAMES[:10]) + EN_SURNAMES[:10]
GIVEN_NAMES: Final = tuple(latin.capitalize() for latin, _ in JP_GIVEN_NAMES[:10]) + EN_GIVEN_NAMES[:10]
COMPANY_STEMS: Final = (
    "株式会社青葉システム",
    "Acme Corp",
    *(
        f"株式会社{stem}{JP_COMPANY_KINDS[(n + 1) % len(JP_COMPANY_KINDS)][1]}"
        for n, (_, stem) in enumerate(JP_COMPANY_STEMS)
    ),
    *(f"{stem} {EN_COMPANY_KINDS[(n + 1) % len(EN_COMPANY_KINDS)]}" for n, stem in enumerate(EN_COMPANY_STEMS)),
)
CITIES: Final = tuple(city for city, *_ in JP_PLACES + EN_PLACES)
COUNTRIES: Final = {city: country for city, _, _, country in JP_PLACES + EN_PLACES}
SUBJECTS: Final = tuple(title for title, *_ in TOPICS)
STATUS_WEIGHTS: Final = tuple(_STATUS_WEIGHTS.items())
# Statuses whose tickets are done with (no escalation, no lock).
CLOSED: Final = frozenset(name for name, category in STATUSES.items() if category in ("CLOSED", "OTHER"))

# Customer IDs in use that have no company (primary IDs of two users; further IDs).
ORPHAN_CUSTOMER_IDS: Final = ("FREELANCE", "PARTNER-EXT")
FIRST_LOGIN: Final = "yamada.taro"

# The first customer user's tickets: status and time profile, one per status and widget.
_SHOWCASE: Final = (
    ("new", "fresh"),
    ("new", "escalated"),
    ("open", "escalated_locked"),
    ("in_progress", "watched"),
    ("awaiting_approval", None),
    ("planning", None),
    ("awaiting_implementation", "future_escalation"),
    ("declined", None),
    ("awaiting_backout", None),
    ("implementing", None),
    ("pending", "reminder"),
    ("pending", "recent_pending"),
    ("closed", None),
    ("completed", None),
    ("cancelled", None),
    ("closed_with_backout", None),
    ("merged", None),
)


def customer_id(company: int) -> str:
    return f"C{company + 1:05d}"


def _at(now: datetime, minutes_ago: float) -> str:
    return (now - timedelta(minutes=minutes_ago)).astimezone(JST).isoformat(timespec="seconds")


def _pick_weighted(rng: random.Random, names: tuple[object, ...], cumulative: tuple[int, ...]) -> object:
    point = rng.random() * cumulative[-1]
    for name, bound in zip(names, cumulative, strict=True):
        if point < bound:
            return name
    return names[-1]


class _Demo:
    def __init__(self, customer_users: int, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.users = customer_users
        self.companies = max(1, -(-customer_users // USERS_PER_COMPANY))
        self.now = now
        self.logins: dict[str, int] = {}
        self.tickets = 0
        self.config_items = 0
        self.japanese_companies = 0
        self.english_companies = 0
        # The company being filled with users (they come five by five).
        self.japanese = True
        self.domain = ""
        self.place: tuple[str, str, str, str] = JP_PLACES[0]

    def records(self) -> Iterator[Record]:
        yield {"type": "ticket_status", "name": "merged", "category": "OTHER"}
        for name, group in QUEUES.items():
            yield {"type": "queue", "name": name, "group": group}
        for agent in AGENTS:
            yield {key: (dict(value) if isinstance(value, dict) else value) for key, value in agent.items()}
        for user in range(self.users):
            company = user // USERS_PER_COMPANY
            if user % USERS_PER_COMPANY == 0:
                yield self.company(company)
            user_record, login, further = self.customer_user(user, company)
            yield user_record
            if user == 0:
                for status, profile in _SHOWCASE:
                    yield self.ticket(login, further, status, profile)
            else:
                for _ in range(self.rng.randint(5, 15)):
                    status = str(_pick_weighted(self.rng, _STATUS_NAMES, _STATUS_CUMULATIVE))
                    yield self.ticket(login, further, status, None)
            for _ in range(2 if user == 0 else self.rng.randint(1, 3)):
                yield self.config_item(login)

    def company(self, company: int) -> Record:
        rng = self.rng
        japanese = company == 0 or (company != 1 and rng.random() < 0.6)
        rounds = 0
        if company == 0:
            name, domain, place = "株式会社青葉システム", "aoba-system.example.jp", JP_PLACES[0]
        elif company == 1:
            name, domain, place = "Acme Corp", "acme.example.com", EN_PLACES[0]
        elif japanese:
            n = self.japanese_companies
            (stem_latin, stem) = JP_COMPANY_STEMS[n % len(JP_COMPANY_STEMS)]
            (kind_latin, kind) = JP_COMPANY_KINDS[(n // len(JP_COMPANY_STEMS) + 1) % len(JP_COMPANY_KINDS)]
            name = f"株式会社{stem}{kind}" if rng.random() < 0.7 else f"{stem}{kind}株式会社"
            domain = f"{stem_latin}-{kind_latin}.example.jp"
            place = rng.choice(JP_PLACES)
            rounds = n // (len(JP_COMPANY_STEMS) * len(JP_COMPANY_KINDS))
        else:
            n = self.english_companies
            stem_en = EN_COMPANY_STEMS[n % len(EN_COMPANY_STEMS)]
            kind_en = EN_COMPANY_KINDS[(n // len(EN_COMPANY_STEMS) + 1) % len(EN_COMPANY_KINDS)]
            name = f"{stem_en} {kind_en}"
            domain = f"{stem_en.lower().replace(' ', '')}-{kind_en.lower().rstrip('.')}.example.com"
            place = rng.choice(EN_PLACES)
            rounds = n // (len(EN_COMPANY_STEMS) * len(EN_COMPANY_KINDS))
        if company > 1:
            if japanese:
                self.japanese_companies += 1
            else:
                self.english_companies += 1
            if rounds:  # past one round of names: tell namesakes apart
                name += f" ({rounds + 1})"
                domain = f"{rounds + 1}.{domain}"
        self.japanese, self.domain, self.place = japanese, domain, place
        city, zip_code, street, country = place
        record: Record = {
            "type": "customer_company",
            "customer_id": customer_id(company),
            "name": name,
            "street": street,
            "zip": zip_code,
            "city": city,
            "country": country,
            "url": f"https://www.{domain}/",
        }
        if rng.random() < 0.2:
            record["comment"] = "保守契約あり (24/7)" if japanese else "Premium support contract (24/7)"
        if company > 1 and rng.random() < 0.03:
            record["valid"] = False
        return record

    def customer_user(self, user: int, company: int) -> tuple[Record, str, list[str]]:
        """The user's record, login and further customer IDs."""
        rng = self.rng
        japanese = self.japanese != (user != 0 and rng.random() < 0.15)  # some mixed teams
        if user == 0:
            (last_latin, last), (first_latin, first) = JP_SURNAMES[0], JP_GIVEN_NAMES[0]
        elif japanese:
            (last_latin, last), (first_latin, first) = rng.choice(JP_SURNAMES), rng.choice(JP_GIVEN_NAMES)
        else:
            first = first_latin = rng.choice(EN_GIVEN_NAMES)
            last = last_latin = rng.choice(EN_SURNAMES)
        base = f"{last_latin}.{first_latin}".lower() if japanese else f"{first_latin}.{last_latin}".lower()
        seen = self.logins.get(base, 0)
        self.logins[base] = seen + 1
        login = base if not seen else f"{base}{seen + 1}"
        primary = customer_id(company)
        if user in (3, 8):  # two users whose primary customer ID has no company
            primary = ORPHAN_CUSTOMER_IDS[0 if user == 3 else 1]
        further: list[str] = []
        if user == 0:
            further = [customer_id(1), ORPHAN_CUSTOMER_IDS[1]]
        elif rng.random() < 0.1:
            for _ in range(rng.randint(1, 2)):
                other = customer_id(rng.randrange(self.companies))
                if other != primary and other not in further:
                    further.append(other)
        city, zip_code, street, country = self.place
        record: Record = {
            "type": "customer_user",
            "login": login,
            "first_name": first,
            "last_name": last,
            "email": f"{login}@{self.domain}",
            "customer_id": primary,
            "phone": f"+81 3-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
            if japanese
            else f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            "street": street,
            "zip": zip_code,
            "city": city,
            "country": country,
        }
        if further:
            record["customer_ids"] = further
        if rng.random() < 0.5:
            record["title"] = rng.choice(JP_TITLES if japanese else EN_TITLES)
        if rng.random() < 0.3:
            record["mobile"] = (
                f"+81 90-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                if japanese
                else f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
            )
        if rng.random() < 0.05:
            record["comment"] = "VIP: 役員" if japanese else "VIP: board member"
        if user > 0 and rng.random() < 0.02:
            record["valid"] = False
        return record, login, further

    def ticket(self, login: str, further: list[str], status: str, profile: str | None) -> Record:
        rng, now = self.rng, self.now
        self.tickets += 1
        category = STATUSES[status]
        title, queue, ticket_type, service = rng.choice(TOPICS)
        priority = int(str(_pick_weighted(rng, _PRIORITIES, _PRIORITY_CUMULATIVE)))
        day = 24 * 60
        if category in ("CLOSED", "OTHER"):
            created = rng.uniform(2 * day, 365 * day)
            status_changed = rng.uniform(60, created - 60)
            changed = rng.uniform(max(1.0, status_changed - day), status_changed)
        else:
            # Open work is mostly recent.
            created = min(rng.expovariate(1 / (12 * day)) + 60, 180 * day)
            status_changed = created if category == "NEW" else rng.uniform(30, created)
            changed = rng.uniform(1, status_changed)
            if category == "PENDING" and rng.random() < 0.7 and created > 25 * 60:
                status_changed = rng.uniform(25 * 60, created)  # past the reminder period
                changed = rng.uniform(24 * 60, status_changed)
        escalation: float | None = None
        if category not in ("CLOSED", "OTHER") and rng.random() < 0.6:
            escalation = created - _SLA_HOURS[priority] * 60
        elif rng.random() < 0.05:
            escalation = created - 60  # escalated once, then closed
        owner = None
        if category != "NEW" or rng.random() < 0.3:
            owner = rng.choice(("admin", "support", "support"))
        responsible = rng.choice(AGENT_LOGINS) if rng.random() < 0.4 else None
        watchers = sorted(rng.sample(AGENT_LOGINS, rng.randint(1, 2))) if rng.random() < 0.25 else []
        locked = owner is not None and (
            (category == "IN_PROGRESS" and rng.random() < 0.6) or (category == "PENDING" and rng.random() < 0.3)
        )
        explicit_customer_id = further[0] if further and rng.random() < 0.3 else None

        # The first user's showcase: fixed times, so every widget has something.
        if profile == "fresh":
            created, status_changed, changed, escalation = 120, 120, 120, -6 * 60
        elif profile == "escalated":
            created, status_changed, changed, escalation = 30 * 60, 30 * 60, 30 * 60, 6 * 60
        elif profile == "escalated_locked":
            created, status_changed, changed, escalation = 3 * day, 2 * day, 5 * 60, 3 * 60
            owner, locked, queue = "admin", True, "Service Desk"
        elif profile == "watched":
            owner, responsible, watchers, queue = "support", "admin", ["admin", "auditor"], "Service Desk"
        elif profile == "future_escalation":
            escalation = -2 * day
        elif profile == "reminder":
            created, status_changed, changed, escalation = 10 * day, 3 * day, 3 * day, None
            queue = "Service Desk"
        elif profile == "recent_pending":
            created, status_changed, changed, escalation = 2 * day, 5 * 60, 5 * 60, None

        record: Record = {
            "type": "ticket",
            "number": f"2025{self.tickets:08d}",
            "title": title,
            "status": status,
            "queue": queue,
            "created_at": _at(now, created),
            "priority": priority,
            "ticket_type": ticket_type,
            "service": service,
            "customer_user": login,
            "changed_at": _at(now, changed),
            "status_changed_at": _at(now, status_changed),
        }
        if explicit_customer_id is not None:
            record["customer_id"] = explicit_customer_id
        if owner is not None:
            record["owner"] = owner
        if responsible is not None:
            record["responsible"] = responsible
        if watchers:
            record["watchers"] = watchers
        if locked:
            record["locked"] = True
        if escalation is not None:
            record["escalation_at"] = _at(now, escalation)
        return record

    def config_item(self, login: str) -> Record:
        rng = self.rng
        self.config_items += 1
        ci_class = rng.choice(CI_CLASSES)
        created = rng.uniform(30, 1500) * 24 * 60
        return {
            "type": "config_item",
            "number": f"CI-{self.config_items:07d}",
            "name": rng.choice(CI_NAMES[ci_class]),
            "class": ci_class,
            "deployment_state": rng.choice(DEPLOYMENT_STATES),
            "incident_state": rng.choice(INCIDENT_STATES),
            "owner": login,
            "created_at": _at(self.now, created),
            "changed_at": _at(self.now, rng.uniform(60, created)),
        }


def demo_records(customer_users: int = 200, seed: int = 1, now: datetime | None = None) -> Iterator[Record]:
    """The demo data as import records, generated lazily (constant memory).

    Deterministic for (customer_users, seed, now); `now` defaults to the current time.
    """
    if customer_users < 1:
        raise ValueError("customer_users must be at least 1")
    return _Demo(customer_users, seed, now or datetime.now(UTC)).records()


async def load_demo(
    connection: asyncpg.Connection,
    customer_users: int = 200,
    *,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import the demo data through the importer and mark the database as holding only demo
    data, in one transaction (the import itself clears the marker, as every import does)."""
    lines = (orjson.dumps(record).decode() for record in demo_records(customer_users, seed, now))
    async with connection.transaction():
        summary = await import_records(connection, lines, progress=progress)
        await set_demo_marker(connection)
    return summary
