"""Connection config model of Shopify (version 3). Stitch type: platform.shopify. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

from ._types import (
    Config,
    DateTime,
    matching,
)


class ShopifyConfig(Config):
    """Connection config of Shopify."""

    anchor_time: Annotated[
        DateTime | None,
        Field(
            description=(
                "Defines the time that `frequency_in_minutes` is “anchored” to, "
                "which Stitch will use to create the integration’s replication "
                "schedule. In Stitch, this is referred to as Anchor Scheduling. "
                "This field must contain an ISO 8601-compliant date. Note: When "
                "Stitch stores this value, it will be in UTC. You should provide "
                "this value in UTC to ensure the desired anchor time is retained. "
                "Refer to the Replication Scheduling for API sources guide for "
                "more info about replication scheduling using the API."
            )
        ),
    ] = None

    cron_expression: Annotated[
        StrictStr | None,
        Field(
            description=(
                "A valid Quartz cron expression representing the replication "
                "schedule for the integration. Refer to the Advanced Scheduling "
                "documentation for more info. Note: If neither a `cron_expression` "
                "or `frequency_in_minutes` property is provided, Stitch will use "
                "the source’s default `frequency_in_minutes` value (`30`). Refer "
                "to the Replication Scheduling for API sources guide for more info "
                "about replication scheduling using the API."
            )
        ),
    ] = None

    frequency_in_minutes: Annotated[
        Literal["30", "60", "360", "720", "1440"] | None,
        Field(
            description=(
                "Defines how often, in minutes, Stitch should attempt to replicate "
                "data from. Accepted values are: • `30` • `60` • `360` • `720` • "
                "`1440` Refer to the Replication Scheduling for API sources guide "
                "for more info about replication scheduling using the API."
            )
        ),
    ] = None

    shop: Annotated[
        StrictStr,
        Field(
            description=(
                "The name of the Shopify shop. For example: If the shop URL was "
                "`stitch-data.shopify.com`, this value would be `stitch-data`."
            )
        ),
    ]

    start_date: Annotated[
        DateTime,
        matching(
            "T00:00:00(\\.0+)?(Z|[+-]00:?00)?$",
            "it must contain an ISO 8601-compliant date, and the timestamp must be midnight",
        ),
        Field(
            description=(
                "The date from which Stitch should begin replicating data from. "
                "Data from this date forward will be replicated. This field must "
                "contain an ISO 8601-compliant date, and the timestamp must be "
                "midnight. For example: `2018-01-01T00:00:00Z`"
            )
        ),
    ]
