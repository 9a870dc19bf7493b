"""Tests of tap-nasty: singer-sdk's standard tap tests and one test per stream.

Written once by ``docgen scaffold nasty``: this file is yours. The standard tests sync
every stream, so they are skipped until every FILL IN of ``tap_nasty/streams.py`` is filled
in. Each stream's test is an expected failure (NotImplementedError) until its stream is filled
in; then it fetches records from the API and checks them against the docs, and its mark is to be
removed (a stream test that passes with the mark fails as XPASS(strict), to remind you).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import pytest
from singer_sdk.testing import get_tap_test_class

from tap_nasty._docgen import documented_problems, not_ready
from tap_nasty.tap import TapNasty

#: a config the tap accepts: every required setting, with a sample value; put real ones in
#: the environment (TAP_NASTY_<SETTING>) to test against the API
SAMPLE_CONFIG: dict[str, Any] = {
    "api_token": "sample",
    "start_date": "2024-01-01T00:00:00Z",
    "account-id": "sample",
    "credentials": {"client_id": "sample", "client_secret": "sample"},
}

_WAITING = not_ready(TapNasty(config=SAMPLE_CONFIG, parse_env_config=True))

# singer-sdk's standard tests: about, discovery, and a sync of every stream
TestTapNasty = pytest.mark.skipif(
    bool(_WAITING), reason="to fill in first: " + "; ".join(_WAITING)
)(get_tap_test_class(TapNasty, config=SAMPLE_CONFIG))


def assert_stream_matches_docs(stream_name: str, limit: int = 10) -> None:
    """The stream returns records, and the docs accept each of them."""
    tap = TapNasty(config=SAMPLE_CONFIG, parse_env_config=True)
    records = list(islice(tap.streams[stream_name].get_records(None), limit))
    assert records, f"stream {stream_name!r} returned no record"
    for record in records:
        assert documented_problems(stream_name, record) == []


@pytest.mark.xfail(raises=NotImplementedError, strict=True, reason="to fill in: ClassStream")
def test_class() -> None:
    assert_stream_matches_docs("class")


@pytest.mark.xfail(
    raises=NotImplementedError, strict=True, reason="to fill in: Table1stTableStream"
)
def test_1st_table() -> None:
    assert_stream_matches_docs("1st table")


@pytest.mark.xfail(raises=NotImplementedError, strict=True, reason="to fill in: ClassStream2")
def test_class_2() -> None:
    assert_stream_matches_docs("Class")


@pytest.mark.xfail(raises=NotImplementedError, strict=True, reason="to fill in: EmptyStream")
def test_empty() -> None:
    assert_stream_matches_docs("empty")


@pytest.mark.xfail(raises=NotImplementedError, strict=True, reason="to fill in: BaseStream")
def test_base() -> None:
    assert_stream_matches_docs("base")
