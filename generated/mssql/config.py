"""Connection config model of Microsoft SQL Server. Stitch type: platform.mssql. Generated
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
)


class MssqlConfig(Config):
    """Connection config of Microsoft SQL Server."""

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

    database: Annotated[
        StrictStr | None, Field(description="The name of the logical database to connect to.")
    ] = None

    frequency_in_minutes: Annotated[
        Literal["1", "30", "60", "360", "720", "1440"] | None,
        Field(
            description=(
                "Defines how often, in minutes, Stitch should attempt to replicate "
                "data from. Accepted values are: • `1` • `30` • `60` • `360` • "
                "`720` • `1440` Refer to the Replication Scheduling for API "
                "sources guide for more info about replication scheduling using "
                "the API."
            )
        ),
    ] = None

    host: Annotated[
        StrictStr, Field(description="The IP address or hostname of the database server.")
    ]

    password: Annotated[
        SecretStr,
        Field(
            description=(
                "The password for the user connecting to the database server. "
                "Note: This property will never be returned by the API, but it can "
                "be submitted when creating or modifying a connection."
            )
        ),
    ]

    port: Annotated[
        Integer, Field(description="The port of the database server. The default is `1433`.")
    ]

    ssh: Annotated[
        StrictStr | None,
        Field(description="If `true`, an SSH tunnel will be used to connect to the database."),
    ] = None

    ssh_host: Annotated[
        StrictStr | None,
        Field(
            description=(
                "The IP address or hostname of the SSH server. This property is "
                "only required if `ssh: true`."
            )
        ),
    ] = None

    ssh_port: Annotated[
        StrictStr | None,
        Field(
            description="The port of the SSH server. This property is only required if `ssh: true`."
        ),
    ] = None

    ssh_user: Annotated[
        StrictStr | None,
        Field(
            description=(
                "The username of the SSH user. This property is only required if `ssh: true`."
            )
        ),
    ] = None

    ssl: Annotated[
        StrictStr | None,
        Field(description="If `true`, SSL will be used to connect to the database."),
    ] = None

    use_log_based_replication: Annotated[
        StrictStr | None,
        Field(
            description=(
                "If `true`, Log-based Incremental Replication will be used as the "
                "default Replication Method for tables set to replicate. This "
                "choice can be overriden on individual tables at any time."
            )
        ),
    ] = None

    user: Annotated[StrictStr, Field(description="The username of the database user.")]
