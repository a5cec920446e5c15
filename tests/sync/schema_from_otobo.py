"""Writes the fixture OTOBO schema files from OTOBO's own schema and initial data.

    uv run python -m tests.sync.schema_from_otobo OTOBO_CHECKOUT ITSM_CHECKOUT

OTOBO_CHECKOUT is a RotherOSS/otobo work tree (scripts/database/otobo-schema.xml,
otobo-initial_insert.xml), ITSM_CHECKOUT a RotherOSS/ITSMConfigurationManagement one
(ITSMConfigurationManagement.sopm). The column types follow OTOBO's drivers
(Kernel/System/DB/postgresql.pm and mysql.pm, _TypeTranslation); foreign keys are left
out, as the sync only reads.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
TABLES = [
    "valid",
    "ticket_state_type",
    "ticket_state",
    "ticket_lock_type",
    "ticket_priority",
    "ticket_type",
    "service",
    "groups_table",
    "users",
    "user_preferences",
    "roles",
    "role_user",
    "group_user",
    "group_role",
    "queue",
    "personal_queues",
    "customer_company",
    "customer_user",
    "customer_user_customer",
    "ticket",
    "ticket_history_type",
    "ticket_history",
    "ticket_watcher",
    "dynamic_field",
    "dynamic_field_value",
    "xml_storage",
]
INITIAL = [
    "valid",
    "ticket_state_type",
    "ticket_state",
    "ticket_lock_type",
    "ticket_priority",
    "ticket_type",
    "ticket_history_type",
    "groups_table",
    "users",
    "group_user",
    "queue",
]
ITSM_TABLES = ("configitem", "configitem_version")
GENERAL_CATALOG = """<Column Name="id" Required="true" PrimaryKey="true" AutoIncrement="true" Type="INTEGER"/>
<Column Name="general_catalog_class" Required="true" Size="100" Type="VARCHAR"/>
<Column Name="name" Required="true" Size="100" Type="VARCHAR"/>
<Column Name="valid_id" Required="true" Type="SMALLINT"/>
<Column Name="comments" Required="false" Size="200" Type="VARCHAR"/>
<Column Name="create_time" Required="true" Type="DATE"/>
<Column Name="create_by" Required="true" Type="INTEGER"/>
<Column Name="change_time" Required="true" Type="DATE"/>
<Column Name="change_by" Required="true" Type="INTEGER"/>"""
HEAD = "-- Written by tests/sync/schema_from_otobo.py from {source}; do not edit.\n"


def column_type(attributes: dict[str, str], engine: str) -> str:
    kind = attributes["Type"].upper()
    size = int(attributes.get("Size", "0"))
    auto = attributes.get("AutoIncrement", "").lower() == "true"
    if engine == "pg":
        if auto:
            return "bigserial" if kind == "BIGINT" else "serial"
        if kind == "DATE":
            return "timestamp(0)"
        if kind == "LONGBLOB":
            return "TEXT"
        if kind == "VARCHAR":
            return "VARCHAR" if size >= 10000 else f"VARCHAR ({size})"
        return kind
    if kind == "DATE":
        return "DATETIME"
    if kind == "VARCHAR":
        if size > 16777215:
            return "LONGTEXT"
        if size > 65535:
            return "MEDIUMTEXT"
        return "TEXT" if size > 255 else f"VARCHAR ({size})"
    return kind + (" AUTO_INCREMENT" if auto else "")


def create(name: str, body: str, engine: str) -> str:
    lines, key = [], None
    for match in re.finditer(r"<Column ([^>]*)/>", body):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        line = f"    {attributes['Name']} {column_type(attributes, engine)}"
        line += " NOT NULL" if attributes.get("Required", "").lower() == "true" else " NULL"
        if "Default" in attributes:
            line += f" DEFAULT {attributes['Default']}"
        if attributes.get("PrimaryKey", "").lower() == "true":
            key = attributes["Name"]
        lines.append(line)
    if key:
        lines.append(f"    PRIMARY KEY({key})")
    text_columns = {m for m in re.findall(r'Name="(\w+)"[^>]*Size="(\d+)"', body) if int(m[1]) > 255}
    for unique in re.finditer(r'<Unique Name="([^"]+)">(.*?)</Unique>', body, re.S):
        columns = re.findall(r'<UniqueColumn Name="([^"]+)"', unique.group(2))
        lines.append(f"    CONSTRAINT {unique.group(1)} UNIQUE ({', '.join(columns)})")
    out = [f"CREATE TABLE {name} (\n" + ",\n".join(lines) + "\n)" + (";" if engine == "pg" else " ENGINE = InnoDB;")]
    wide = {column for column, _ in text_columns}
    for index in re.finditer(r'<Index Name="([^"]+)">(.*?)</Index>', body, re.S):
        columns = re.findall(r'<IndexColumn Name="([^"]+)"', index.group(2))
        if engine == "mysql" and wide & set(columns):
            continue  # MySQL indexes TEXT only by a prefix; the sync needs none of these
        out.append(f"CREATE INDEX {index.group(1)} ON {name} ({', '.join(columns)});")
    return "\n".join(out)


def main(otobo: Path, itsm: Path) -> None:
    schema = (otobo / "scripts/database/otobo-schema.xml").read_text(encoding="utf-8")
    tables = dict(re.findall(r'<Table Name="([^"]+)">(.*?)</Table>', schema, re.S))
    sopm = (itsm / "ITSMConfigurationManagement.sopm").read_text(encoding="utf-8")
    itsm_tables = dict(re.findall(r'<TableCreate Name="([^"]+)">(.*?)</TableCreate>', sopm, re.S))
    for engine in ("pg", "mysql"):
        ddl = [create(name, tables[name], engine) for name in TABLES]
        (HERE / f"otobo_schema.{engine}.sql").write_text(
            HEAD.format(source="otobo-schema.xml") + "\n".join(ddl) + "\n", encoding="utf-8"
        )
        itsm_ddl = [create("general_catalog", GENERAL_CATALOG, engine)]
        itsm_ddl += [create(name, itsm_tables[name], engine) for name in ITSM_TABLES]
        (HERE / f"otobo_itsm.{engine}.sql").write_text(
            HEAD.format(source="ITSMConfigurationManagement.sopm and GeneralCatalog") + "\n".join(itsm_ddl) + "\n",
            encoding="utf-8",
        )
    data = (otobo / "scripts/database/otobo-initial_insert.xml").read_text(encoding="utf-8")
    inserts = []
    for table in INITIAL:
        for row in re.findall(rf'<Insert Table="{table}">(.*?)</Insert>', data, re.S):
            columns, values = [], []
            for key, attributes, value in re.findall(r'<Data Key="(\w+)"([^>]*)>(.*?)</Data>', row, re.S):
                columns.append(key)
                if value == "current_timestamp":  # OTOBO writes the statement's time; here a fixed one
                    values.append("'2024-01-01 00:00:00'")
                elif "Quote" in attributes:
                    values.append("'" + value.replace("'", "''") + "'")
                else:
                    values.append(value)
            inserts.append(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)});")
    (HERE / "otobo_initial.sql").write_text(
        HEAD.format(source="otobo-initial_insert.xml") + "\n".join(inserts) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
