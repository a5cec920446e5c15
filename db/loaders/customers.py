"""Customer (company) loaders."""

from __future__ import annotations

from db.loaders.base import RowByKeyLoader

CUSTOMER_COLUMNS = """id, customer_id, name, street, zip, city, country, url, comment, valid,
    created_at, changed_at"""


class CustomerByCustomerIdLoader(RowByKeyLoader[str]):
    query = f"SELECT {CUSTOMER_COLUMNS} FROM customer_company WHERE customer_id = ANY($1::text[])"
    key_column = "customer_id"


class CustomerByIdLoader(RowByKeyLoader[int]):
    query = f"SELECT {CUSTOMER_COLUMNS} FROM customer_company WHERE id = ANY($1::int[])"
