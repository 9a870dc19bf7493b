"""tap-autopilot: a Singer tap for Autopilot, built on singer-sdk from the Stitch docs.

Written once by ``docgen scaffold autopilot``: this file is yours, docgen never rewrites it.
"""

from __future__ import annotations

from singer_sdk import Tap

from tap_autopilot._docgen import config_jsonschema
from tap_autopilot.streams import STREAM_TYPES, AutopilotStream


class TapAutopilot(Tap):
    """Singer tap for Autopilot."""

    name = "tap-autopilot"
    # the connection properties the docs state (_docgen/config.schema.json, kept current by
    # docgen) and validate_records; pass settings of your own, e.g.
    #     config_jsonschema(th.Property("api_url", th.StringType, default="https://..."))
    config_jsonschema = config_jsonschema()

    def discover_streams(self) -> list[AutopilotStream]:
        return [stream_type(tap=self) for stream_type in STREAM_TYPES]


if __name__ == "__main__":
    TapAutopilot.cli()
