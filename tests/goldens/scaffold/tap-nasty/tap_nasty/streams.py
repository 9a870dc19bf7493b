"""The streams of tap-nasty: one class per table the Stitch docs of Nasty \"Connector\" \\ \"\"\"
list.

Written once by ``docgen scaffold nasty``: this file is yours, docgen never rewrites it.
Each class states what the docs say of its table (name, keys, replication key and method; the
schema comes from ``_docgen/catalog.json``, which docgen keeps current). What the docs cannot
state is marked ``FILL IN`` and raises ``NotImplementedError`` until it is filled in.
"""

from __future__ import annotations

from typing import Any

from singer_sdk.helpers.types import Auth
from singer_sdk.pagination import BaseAPIPaginator

from tap_nasty._docgen import FILL_IN, DocgenStream


class NastyStream(DocgenStream):
    """What every stream of the Nasty \"Connector\" \\ \"\"\" API shares: the docs do not state it."""

    # FILL IN: the API's base URL, e.g. "https://api.example.com/v1"
    url_base = FILL_IN

    @property
    def authenticator(self) -> Auth:
        # FILL IN: how the API authenticates, e.g. (from singer_sdk.authenticators)
        #     return APIKeyAuthenticator(key="Authorization", value=self.config['api_token'])
        raise self.fill_in("authentication (authenticator)", "authenticator")

    def get_new_paginator(self) -> BaseAPIPaginator[Any]:
        # FILL IN: how the API pages, e.g. return SinglePagePaginator() for an API that does not
        # (from singer_sdk.pagination, with JSONPathPaginator, BasePageNumberPaginator, ...)
        raise self.fill_in("pagination (get_new_paginator)", "get_new_paginator")


class ClassStream(NastyStream):
    """class: A table named like a keyword. Backslash \\ and \"\"\"triple\"\"\" and 'single'

    Useful links (from the docs):

    - API method:
      https://api.example.com/v1/class?q=\"\"\"\\x&z='#
    - Schema on GitHub:
      http://example.com/%22%22%22);import\\os
    """

    name = "class"
    primary_keys = ("id",)
    replication_key = "updated_at"
    documented_method = "INCREMENTAL"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class Table1stTableStream(NastyStream):
    """1st table.

    The docs link no API method for this table.
    """

    name = "1st table"
    primary_keys = ("key",)
    replication_key = None
    documented_method = "FULL_TABLE"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class ClassStream2(NastyStream):
    """Class.

    The docs link no API method for this table.
    """

    name = "Class"
    primary_keys = ()
    replication_key = None
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class EmptyStream(NastyStream):
    """empty.

    The docs link no API method for this table.
    """

    name = "empty"
    primary_keys = ()
    replication_key = None
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class BaseStream(NastyStream):
    """base.

    The docs link no API method for this table.
    """

    name = "base"
    primary_keys = ()
    replication_key = None
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


#: the streams the tap discovers, in the docs' order
STREAM_TYPES: list[type[NastyStream]] = [
    ClassStream,
    Table1stTableStream,
    ClassStream2,
    EmptyStream,
    BaseStream,
]
