"""Connection config model of Azure Synapse Analytics. Stitch type: azure_sqldw. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, StrictStr

from ._types import (
    Config,
    Uri,
)


class AzureSqldwConfig(Config):
    """Connection config of Azure Synapse Analytics."""

    azure_storage_account_token: Annotated[
        SecretStr,
        Field(
            description=(
                "An Azure Storage Access Key. This is used to access Azure Blob "
                "Storage, which Stitch uses to stage data for Polybase before "
                "loading it into an Azure Synapse Analytics destination. For more "
                "info and instructions for generating this credential, refer to "
                "our Azure Synapse Analytics setup documentation."
            )
        ),
    ]

    azure_storage_sas_url: Annotated[
        Uri,
        Field(
            description=(
                "An Azure Blob service Shared Access Signature (SAS) URL, which is "
                "used to grant Stitch restricted access to Azure Storage "
                "resources. These resources are used to load data into an Azure "
                "Synapse Analytics destination. For more info and instructions for "
                "generating this credential, refer to our Azure Synapse Analytics "
                "setup documentation."
            )
        ),
    ]

    database: Annotated[
        StrictStr, Field(description="The name of the logical database to connect to.")
    ]

    encryption_host: Annotated[
        StrictStr | None,
        Field(
            description=(
                "If using SSH encryption, the host of the SSH server. Required "
                "only if `encryption_type` is `ssh`."
            )
        ),
    ] = None

    encryption_port: Annotated[
        StrictStr | None,
        Field(
            description=(
                "If using SSH encryption, the port of the SSH server. Required "
                "only if `encryption_type` is `ssh`."
            )
        ),
    ] = None

    encryption_type: Annotated[
        Literal["none", "ssh"],
        Field(
            description=(
                "Indicates that SSH encryption should be used to connect to the "
                "destination. Valid values are: • `none` - No encryption will be "
                "used. • `ssh` - SSH encryption will be used to connect to the "
                "destination. The SSH connection details should be submitted using "
                "the `encryption_host`, `encryption_port`, and "
                "`encryption_username`."
            )
        ),
    ]

    encryption_username: Annotated[
        StrictStr | None,
        Field(
            description=(
                "If using SSH encryption, the name of the SSH user. Required only "
                "if `encryption_type` is `ssh`."
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
        StrictStr, Field(description="The port of the database server. The default is `1433`.")
    ]

    username: Annotated[StrictStr, Field(description="The username of the database user.")]
