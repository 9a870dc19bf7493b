"""tap-nasty: a Singer tap for Nasty \"Connector\" \\ \"\"\", built on singer-sdk from the Stitch
docs.

Written once by ``docgen scaffold nasty``: this file is yours, docgen never rewrites it.
"""

from __future__ import annotations

from singer_sdk import Tap

from tap_nasty._docgen import config_jsonschema
from tap_nasty.streams import STREAM_TYPES, NastyStream


class TapNasty(Tap):
    """Singer tap for Nasty \"Connector\" \\ \"\"\"."""

    name = "tap-nasty"
    # the connection properties the docs state (_docgen/config.schema.json, kept current by
    # docgen) and validate_records; pass settings of your own, e.g.
    #     config_jsonschema(th.Property("api_url", th.StringType, default="https://..."))
    config_jsonschema = config_jsonschema()

    def discover_streams(self) -> list[NastyStream]:
        return [stream_type(tap=self) for stream_type in STREAM_TYPES]


if __name__ == "__main__":
    TapNasty.cli()
