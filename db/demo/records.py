"""The demo data as import records: generated lazily and deterministically from a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from db.demo import vocabulary as words
from db.demo.vocabulary import Record


def customer_id(company: int) -> str:
    return f"C{company + 1:05d}"


def _at(now: datetime, minutes_ago: float) -> str:
    return (now - timedelta(minutes=minutes_ago)).astimezone(words.JST).isoformat(timespec="seconds")


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
        self.companies = max(1, -(-customer_users // words.USERS_PER_COMPANY))
        self.now = now
        self.logins: dict[str, int] = {}
        self.tickets = 0
        self.config_items = 0
        self.japanese_companies = 0
        self.english_companies = 0
        # The company being filled with users (they come five by five).
        self.japanese = True
        self.domain = ""
        self.place: tuple[str, str, str, str] = words.JP_PLACES[0]

    def records(self) -> Iterator[Record]:
        yield {"type": "ticket_status", "name": "merged", "category": "OTHER"}
        for name, group in words.QUEUES.items():
            yield {"type": "queue", "name": name, "group": group}
        for agent in words.AGENTS:
            yield {key: (dict(value) if isinstance(value, dict) else value) for key, value in agent.items()}
        for user in range(self.users):
            company = user // words.USERS_PER_COMPANY
            if user % words.USERS_PER_COMPANY == 0:
                yield self.company(company)
            user_record, login, further = self.customer_user(user, company)
            yield user_record
            if user == 0:
                for status, profile in words.SHOWCASE:
                    yield self.ticket(login, further, status, profile)
            else:
                for _ in range(self.rng.randint(5, 15)):
                    status = str(_pick_weighted(self.rng, words.STATUS_NAMES, words.STATUS_CUMULATIVE))
                    yield self.ticket(login, further, status, None)
            for _ in range(2 if user == 0 else self.rng.randint(1, 3)):
                yield self.config_item(login)

    def company(self, company: int) -> Record:
        rng = self.rng
        japanese = company == 0 or (company != 1 and rng.random() < 0.6)
        rounds = 0
        if company == 0:
            name, domain, place = "株式会社青葉システム", "aoba-system.example.jp", words.JP_PLACES[0]
        elif company == 1:
            name, domain, place = "Acme Corp", "acme.example.com", words.EN_PLACES[0]
        elif japanese:
            n = self.japanese_companies
            (stem_latin, stem) = words.JP_COMPANY_STEMS[n % len(words.JP_COMPANY_STEMS)]
            (kind_latin, kind) = words.JP_COMPANY_KINDS[
                (n // len(words.JP_COMPANY_STEMS) + 1) % len(words.JP_COMPANY_KINDS)
            ]
            name = f"株式会社{stem}{kind}" if rng.random() < 0.7 else f"{stem}{kind}株式会社"
            domain = f"{stem_latin}-{kind_latin}.example.jp"
            place = rng.choice(words.JP_PLACES)
            rounds = n // (len(words.JP_COMPANY_STEMS) * len(words.JP_COMPANY_KINDS))
        else:
            n = self.english_companies
            stem_en = words.EN_COMPANY_STEMS[n % len(words.EN_COMPANY_STEMS)]
            kind_en = words.EN_COMPANY_KINDS[(n // len(words.EN_COMPANY_STEMS) + 1) % len(words.EN_COMPANY_KINDS)]
            name = f"{stem_en} {kind_en}"
            domain = f"{stem_en.lower().replace(' ', '')}-{kind_en.lower().rstrip('.')}.example.com"
            place = rng.choice(words.EN_PLACES)
            rounds = n // (len(words.EN_COMPANY_STEMS) * len(words.EN_COMPANY_KINDS))
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
            (last_latin, last), (first_latin, first) = words.JP_SURNAMES[0], words.JP_GIVEN_NAMES[0]
        elif japanese:
            (last_latin, last), (first_latin, first) = rng.choice(words.JP_SURNAMES), rng.choice(words.JP_GIVEN_NAMES)
        else:
            first = first_latin = rng.choice(words.EN_GIVEN_NAMES)
            last = last_latin = rng.choice(words.EN_SURNAMES)
        base = f"{last_latin}.{first_latin}".lower() if japanese else f"{first_latin}.{last_latin}".lower()
        seen = self.logins.get(base, 0)
        self.logins[base] = seen + 1
        login = base if not seen else f"{base}{seen + 1}"
        primary = customer_id(company)
        if user in (3, 8):  # two users whose primary customer ID has no company
            primary = words.ORPHAN_CUSTOMER_IDS[0 if user == 3 else 1]
        further: list[str] = []
        if user == 0:
            further = [customer_id(1), words.ORPHAN_CUSTOMER_IDS[1]]
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
            record["title"] = rng.choice(words.JP_TITLES if japanese else words.EN_TITLES)
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
        category = words.STATUSES[status]
        title, queue, ticket_type, service = rng.choice(words.TOPICS)
        priority = int(str(_pick_weighted(rng, words.PRIORITIES, words.PRIORITY_CUMULATIVE)))
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
            escalation = created - words.SLA_HOURS[priority] * 60
        elif rng.random() < 0.05:
            escalation = created - 60  # escalated once, then closed
        owner = None
        if category != "NEW" or rng.random() < 0.3:
            owner = rng.choice(("admin", "support", "support"))
        responsible = rng.choice(words.AGENT_LOGINS) if rng.random() < 0.4 else None
        watchers = sorted(rng.sample(words.AGENT_LOGINS, rng.randint(1, 2))) if rng.random() < 0.25 else []
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
            # The helpdesk's own id (OTOBO's TicketID), for CUIC_TICKET_URL_TEMPLATE's {id}.
            "source_id": str(self.tickets),
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
        ci_class = rng.choice(words.CI_CLASSES)
        created = rng.uniform(30, 1500) * 24 * 60
        return {
            "type": "config_item",
            "number": f"CI-{self.config_items:07d}",
            "source_id": str(self.config_items),
            "name": rng.choice(words.CI_NAMES[ci_class]),
            "class": ci_class,
            "deployment_state": rng.choice(words.DEPLOYMENT_STATES),
            "incident_state": rng.choice(words.INCIDENT_STATES),
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
