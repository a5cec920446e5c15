"""The demo's vocabulary: queues, agents, statuses, names, companies, places, topics and CIs,
and the weights that pick among them."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Final

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
STATUS_NAMES: Final = tuple(_STATUS_WEIGHTS)
STATUS_CUMULATIVE: Final = tuple(sum(list(_STATUS_WEIGHTS.values())[: n + 1]) for n in range(len(_STATUS_WEIGHTS)))
PRIORITIES: Final = (1, 2, 3, 4, 5)
PRIORITY_CUMULATIVE: Final = (5, 20, 75, 93, 100)
# Escalation deadline after creation, by priority (hours).
SLA_HOURS: Final = {1: 168, 2: 72, 3: 24, 4: 8, 5: 2}

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
SHOWCASE: Final = (
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
