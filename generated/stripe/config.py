"""Connection config model of Stripe (version 3). Stitch type: platform.stripe. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, StrictStr

from ._types import (
    Config,
    DateTime,
    Integer,
    matching,
)


class StripeConfig(Config):
    """Connection config of Stripe."""

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
                "the source’s default `frequency_in_minutes` value (`60`). Refer "
                "to the Replication Scheduling for API sources guide for more info "
                "about replication scheduling using the API."
            )
        ),
    ] = None

    date_window_size: Annotated[StrictStr | None, Field(description="Internal field.")] = None

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

    lookback_window: Annotated[
        Integer | None,
        Field(
            description=(
                "The number of historical days’ worth of data to replicate from "
                "the `start_date` value for each replication job for your streams. "
                "The maximum lookback window is `600` days.”"
            )
        ),
    ] = None

    request_timeout: Annotated[StrictStr, Field(description="Internal field.")]

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

    whitelist_map: Annotated[
        StrictStr | None,
        Field(
            description=(
                "An optional parameter used to select individual fields from the "
                "`data` attribute in the `events` stream. The fields in a `data` "
                "object are dependent on the event’s `type`. For example: For an "
                "`invoice.*` event, the `data` object will contain an `invoice` "
                "object. Refer to Stripe’s documentation for a list of supported "
                "event types and the fields a `data` object may contain for each "
                "event type. The value for this property is typed as a `STRING` "
                'and takes the following form: `{ "events": [ '
                '["data","<field_1_breadcrumb>"], '
                '["data","<field_2_breadcrumb>"],... '
                '["data","<field_n_breadcrumb>"] ] }` The `<field_breadcrumb>` '
                "value is the path to the field you want to track. For example: "
                "The following would select the `id`, `amount`, `plan`, `plan.id`, "
                'and `plan.active` fields: `{ "events": [ ["data","id"], '
                '["data","amount"], ["data","plan"], ["data","plan","id"], '
                '["data","plan","active"] ] }` Fields for multiple event types may '
                "be included in the `whitelist_map` value."
            )
        ),
    ] = None

    account_id: Annotated[
        StrictStr | None,
        Field(description="The ID of the Stripe account being connected to Stitch."),
    ] = None

    client_secret: Annotated[
        SecretStr | None,
        Field(
            description=(
                "The secret key of the Stripe account being connected to Stitch, "
                "available in the account’s Stripe dashboard."
            )
        ),
    ] = None
