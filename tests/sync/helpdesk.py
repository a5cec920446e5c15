"""The fixture OTOBO's helpdesk: tickets in every state type, history, agents with group
and role permissions, customer users with several customer IDs.

Who may read what (OTOBO's rules; the tests check cuic agrees):
- alice: rw on `support` directly; rw on the invalid group `retired` (which counts for
  nothing); her personal queue is Network.
- bob: ro on `support` directly.
- carol: nothing directly; ro on `secret` through the valid role "Secret Readers".
- dave: only `move_into` on `secret`, and the role "Denied" whose rw on `secret` has
  permission_value 0, and the invalid role "Expired" with ro on `support`: reads nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.sync.otobo import Otobo, otobo_now


def hours(n: float) -> datetime:
    """OTOBO's local time n hours from now."""
    return otobo_now(timedelta(hours=n))


async def build(otobo: Otobo) -> dict[str, int]:
    """The helpdesk; returns the OTOBO ticket id of each ticket number."""
    for group, valid in (("support", 1), ("secret", 1), ("retired", 2)):
        await otobo.add_group(group, valid)
    for role, valid in (("Secret Readers", 1), ("Denied", 1), ("Expired", 2)):
        await otobo.add_role(role, valid)
    await otobo.grant_role("Secret Readers", "secret", "ro")
    await otobo.grant_role("Denied", "secret", "rw", value=0)
    await otobo.grant_role("Expired", "support", "ro")
    for queue, group in (("Service Desk", "support"), ("Network", "support"), ("Secret", "secret"), ("Old", "retired")):
        await otobo.add_queue(queue, group)
    await otobo.add_agent("alice", "Alice", "Admin", "alice@example.com", groups={"support": ["rw"], "retired": ["rw"]})
    await otobo.add_agent("bob", "Bob", "Basic", groups={"support": ["ro", "note"]})
    await otobo.add_agent("carol", "Carol", "Role", "carol@example.com", roles=["Secret Readers"])
    await otobo.add_agent("dave", "Dave", "Denied", groups={"secret": ["move_into"]}, roles=["Denied", "Expired"])
    await otobo.personal_queue("alice", "Network")

    await otobo.add_company("ACME", "Acme Corp", city="Springfield")
    await otobo.add_company("GLOBEX", "Globex", valid_id=2)
    await otobo.add_customer_user(
        "taro",
        "Taro",
        "Yamada",
        "ACME",
        email="taro@acme.example",
        further=["GLOBEX", "NOCOMPANY", "ACME"],
        phone="+81 3 0000 0000",
    )
    await otobo.add_customer_user("hanako", "Hanako", "Sato", "ACME")
    await otobo.add_customer_user("jiro", "Jiro", "Suzuki", "GLOBEX", valid_id=3)

    ids: dict[str, int] = {}

    async def ticket(tn: str, queue: str, state: str, **fields: object) -> int:
        fields.setdefault("customer_user", "taro")
        fields.setdefault("customer_id", "ACME")
        fields.setdefault("created", hours(-100))
        ids[tn] = await otobo.create_ticket(tn, queue, state, **fields)  # type: ignore[arg-type]
        return ids[tn]

    await ticket("T-NEW", "Service Desk", "new", escalation=hours(5), created=hours(-10))
    opened = await ticket("T-OPEN", "Network", "new", owner="alice", responsible="bob", lock="lock")
    await otobo.set_state(opened, "open", hours(-50))
    await otobo.watch(opened, "bob", hours(-49))
    reminded = await ticket("T-PEND-OLD", "Service Desk", "open")
    await otobo.set_state(reminded, "pending reminder", hours(-30))
    waiting = await ticket("T-PEND-NEW", "Service Desk", "open")
    await otobo.set_state(waiting, "pending auto close+", hours(-2))
    closed = await ticket("T-CLOSED", "Service Desk", "open")
    await otobo.set_state(closed, "closed successful", hours(-20))
    await ticket("T-MERGED", "Service Desk", "merged")
    await ticket("T-ESC", "Service Desk", "open", escalation=hours(-1), priority="5 very high")
    await ticket("T-SECRET", "Secret", "open")
    await ticket("T-OLD", "Old", "open")
    archived = await ticket("T-ARCH", "Service Desk", "closed successful")
    await otobo.archive(archived, hours(-3))
    await ticket("T-STRANGER", "Service Desk", "open", customer_user="someone@elsewhere.example")
    await ticket("T-HANAKO", "Service Desk", "open", customer_user="hanako")
    return ids
