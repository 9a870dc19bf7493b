"""Connection config model of Google Analytics 360. Stitch type: platform.ga360. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, StrictStr

from ._types import (
    Config,
    DateTime,
    matching,
)


class Ga360Config(Config):
    """Connection config of Google Analytics 360."""

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

    dataset_id: Annotated[
        StrictStr,
        Field(
            description=(
                "The ID of a dataset within your Google Analytics 360 project. "
                "Refer to the Google Analytics 360 documentation for instructions "
                "on obtaining this information"
            )
        ),
    ]

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

    page_size: Annotated[
        StrictStr | None, Field(description="This is an internal field for Stitch use.")
    ] = None

    project_id: Annotated[
        StrictStr,
        Field(
            description=(
                "The ID of the project where your dataset lives. Refer to the "
                "Google Analytics 360 documentation for instructions on obtaining "
                "this information."
            )
        ),
    ]

    service_account_json: Annotated[
        SecretStr,
        Field(
            description=(
                "Details and credentials for the Google Cloud Platform (GCP) IAM "
                "service account Stitch will use to replicate data. This data is "
                "generated when a JSON project key file is created for the service "
                "account using the GCP Console. Refer to the Google Analytics 360 "
                "documentation for instructions on obtaining this credential."
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
