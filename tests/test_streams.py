"""docgen.model.streams: every key of a generated catalog is a property of its stream's schema."""

from __future__ import annotations

from docgen.emit.schemas import catalog
from docgen.model.spec import Column, Connector, Table
from docgen.model.streams import resolve, streams


def _table(keys: list[str], columns: list[str], replication: list[str] | None = None) -> Table:
    return Table(
        name="t",
        primary_keys=keys,
        replication_keys=replication or [],
        columns=[Column(name=c, types=["string"]) for c in columns],
    )


def test_a_column_of_the_key_name_is_the_key() -> None:
    got = resolve(_table(["id"], ["id", "name"]))
    assert got.table.primary_keys == ["id"] and got.required == {"id"} and not got.unresolved


def test_a_labelled_column_is_emitted_under_the_name_the_key_gives_it() -> None:
    got = resolve(_table(["id"], ["Case ID (id)", "subject"]))
    assert [c.name for c in got.table.columns] == ["id", "subject"]
    assert got.table.primary_keys == ["id"] and got.required == {"id"}


def test_a_key_differing_only_in_case_is_the_one_such_column() -> None:
    got = resolve(_table(["Id"], ["id", "email"]))
    assert got.table.primary_keys == ["id"]
    ambiguous = resolve(_table(["Id"], ["id", "ID"]))
    assert ambiguous.table.primary_keys == [] and ambiguous.unresolved == (("primary key", "Id"),)


def test_system_keys_placeholder_columns_and_absent_ones() -> None:
    shown = resolve(_table(["_sdc_record_hash"], ["{{ system-column.record-hash }}", "x"]))
    assert [c.name for c in shown.table.columns] == ["_sdc_record_hash", "x"]
    assert shown.required == {"_sdc_record_hash"}  # the page lists it: records carry it
    absent = resolve(_table(["__sdc_primary_key"], ["x"]))
    assert [c.name for c in absent.table.columns] == ["x", "__sdc_primary_key"]
    assert absent.required == frozenset()  # Stitch adds it; a record need not carry it


def test_several_names_written_as_one_key() -> None:
    got = resolve(_table(["user_id:id"], ["User ID (user_id)", "Group ID (id)"]))
    assert got.table.primary_keys == ["user_id", "id"]
    assert [c.name for c in got.table.columns] == ["user_id", "id"]
    rep = resolve(_table([], ["updated_at", "created_at"], ["updated_at,created_at"]))
    assert rep.table.replication_keys == ["updated_at", "created_at"]
    partly = resolve(_table(["case_id:reply_id"], ["Case ID", "case_id"]))
    assert partly.table.primary_keys == [] and partly.unresolved == (
        ("primary key", "case_id:reply_id"),
    )


def test_catalog_keys_are_schema_properties_and_stream_ids_unique() -> None:
    tables = [
        _table(["Id"], ["id"], ["updatedAt"]),
        _table(["nope"], ["a"]),
    ]
    conn = Connector(name="c", display_name="C", tables=tables)
    assert [r.table.name for r in streams(conn)] == ["t"]
    [stream] = catalog(conn)["streams"]
    assert stream["key_properties"] == ["id"]
    assert "replication_key" not in stream  # 'updatedAt' is no column: left out
    assert stream["metadata"][0]["metadata"]["valid-replication-keys"] == []
