from pathlib import Path

from gql.schema import export_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_graphql_is_current() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == export_sdl(), "schema.graphql is stale: run `uv run cuic export-schema`"


def test_schema_keeps_the_contract() -> None:
    from graphql import build_schema, find_breaking_changes

    contract_path = ROOT.parent / "shared" / "spec" / "contract.graphql"
    if not contract_path.exists():
        import pytest

        pytest.skip("../shared/spec/contract.graphql is not beside this checkout")
    changes = find_breaking_changes(build_schema(contract_path.read_text()), build_schema(export_sdl()))
    assert changes == []
