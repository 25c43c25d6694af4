"""The open API under /api/: public reads of the record, and token-authenticated
writes for the newsroom's own systems.

Endpoints are thin: reads use the public pages' querysets, filters, payloads and
conditional GET (``coverage.public``); writes call the same importer and workflow
functions the desk uses, under the token owner's rules, inside ``through_token``
so that every audit row names the token as well as its owner.
"""
