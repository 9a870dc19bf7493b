"""The streams of tap-autopilot: one class per table the Stitch docs of Autopilot list.

Written once by ``docgen scaffold autopilot``: this file is yours, docgen never rewrites it.
Each class states what the docs say of its table (name, keys, replication key and method; the
schema comes from ``_docgen/catalog.json``, which docgen keeps current). What the docs cannot
state is marked ``FILL IN`` and raises ``NotImplementedError`` until it is filled in.
"""

from __future__ import annotations

from typing import Any

from singer_sdk.helpers.types import Auth
from singer_sdk.pagination import BaseAPIPaginator

from tap_autopilot._docgen import FILL_IN, DocgenStream


class AutopilotStream(DocgenStream):
    """What every stream of the Autopilot API shares: the docs do not state it."""

    # FILL IN: the API's base URL, e.g. "https://api.example.com/v1"
    url_base = FILL_IN

    @property
    def authenticator(self) -> Auth:
        # FILL IN: how the API authenticates, e.g. (from singer_sdk.authenticators)
        #     return APIKeyAuthenticator(key="Authorization", value=self.config['api_key'])
        raise self.fill_in("authentication (authenticator)", "authenticator")

    def get_new_paginator(self) -> BaseAPIPaginator[Any]:
        # FILL IN: how the API pages, e.g. return SinglePagePaginator() for an API that does not
        # (from singer_sdk.pagination, with JSONPathPaginator, BasePageNumberPaginator, ...)
        raise self.fill_in("pagination (get_new_paginator)", "get_new_paginator")


class ContactsStream(AutopilotStream):
    """contacts: The contacts table contains info about the contacts in your Autopilot
    account. Any custom fields associated with contacts will also be replicated.

    Useful links (from the docs):

    - Schema on GitHub:
      https://github.com/singer-io/tap-autopilot/blob/master/tap_autopilot/schemas/contacts.json
    - API method:
      http://docs.autopilot.apiary.io/#reference/api-methods/get-all-contacts
    """

    name = "contacts"
    primary_keys = ("contact_id",)
    replication_key = "updated_at"
    documented_method = "INCREMENTAL"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class ListsStream(AutopilotStream):
    """lists: The lists table contains info about the available lists in your Autopilot
    account.

    Useful links (from the docs):

    - Schema on GitHub:
      https://github.com/singer-io/tap-autopilot/blob/master/tap_autopilot/schemas/lists.json
    - API method:
      http://docs.autopilot.apiary.io/#reference/api-methods/lists/get-list-of-lists
    """

    name = "lists"
    primary_keys = ("list_id",)
    replication_key = None
    documented_method = "FULL_TABLE"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class ListsContactsStream(AutopilotStream):
    """lists_contacts: The lists_contacts table contains list and contact ID pairs,
    allowing you to create a list of all the contacts that belong to a given Autopilot
    list.

    Useful links (from the docs):

    - Schema on GitHub:
      https://github.com/singer-io/tap-autopilot/blob/master/tap_autopilot/schemas/lists_contacts.json
    - API method:
      http://docs.autopilot.apiary.io/#reference/api-methods/get-contacts-on-list/get-contacts-on-list
    """

    name = "lists_contacts"
    primary_keys = ("list_id", "contact_id")
    replication_key = None
    documented_method = "FULL_TABLE"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class SmartSegmentsStream(AutopilotStream):
    """smart_segments: The smart_segments table contains info about the smart segments in
    your Autopilot account.

    Useful links (from the docs):

    - Schema on GitHub:
      https://github.com/singer-io/tap-autopilot/blob/master/tap_autopilot/schemas/smart_segments.json
    - API method:
      http://docs.autopilot.apiary.io/#reference/api-methods/smart-segments/get-list-of-smart-segments
    """

    name = "smart_segments"
    primary_keys = ("segment_id",)
    replication_key = None
    documented_method = "FULL_TABLE"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


class SmartSegmentsContactsStream(AutopilotStream):
    """smart_segments_contacts: The smart_segments_contacts table contains segment and
    contact pairs, or the segments your contacts are associated with.

    Useful links (from the docs):

    - Schema on GitHub:
      https://github.com/singer-io/tap-autopilot/blob/master/tap_autopilot/schemas/smart_segments_contacts.json
    - API method:
      http://docs.autopilot.apiary.io/#reference/api-methods/get-contacts-on-smart-segment/get-contacts-on-smart-segment
    """

    name = "smart_segments_contacts"
    primary_keys = ("segment_id", "contact_id")
    replication_key = None
    documented_method = "FULL_TABLE"
    # FILL IN: the endpoint of this stream, relative to url_base (see the API method above)
    path = FILL_IN


#: the streams the tap discovers, in the docs' order
STREAM_TYPES: list[type[AutopilotStream]] = [
    ContactsStream,
    ListsStream,
    ListsContactsStream,
    SmartSegmentsStream,
    SmartSegmentsContactsStream,
]
