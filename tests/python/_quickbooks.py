"""QuickBooks Online webhook payloads in both formats, shared by the receiver tests."""

from __future__ import annotations

import json
from typing import Any

PII_VALUES = ["Maria Lopez", "maria.lopez@example.com", "(415) 555-0134"]
"""End users' data in ``CLOUD_EVENT`` that redaction must remove."""

LEGACY: dict[str, Any] = {
    "eventNotifications": [
        {
            "realmId": "1185883450",
            "dataChangeEvent": {
                "entities": [
                    {
                        "name": "Customer",
                        "id": "58",
                        "operation": "Update",
                        "lastUpdated": "2025-09-10T14:31:25-0700",
                    },
                    {
                        "name": "Invoice",
                        "id": "130",
                        "operation": "Create",
                        "lastUpdated": "2025-09-10T14:31:26-0700",
                    },
                ]
            },
        }
    ]
}
"""A legacy ``eventNotifications`` delivery with two entities."""

CLOUD_EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "88cd52aa-33b6-4351-9aa4-47572edbd068",
    "source": "intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=",
    "type": "qbo.customer.updated.v1",
    "datacontenttype": "application/json",
    "time": "2025-09-10T21:31:25.179851517Z",
    "intuitentityid": "58",
    "intuitaccountid": "1185883450",
    "data": {
        "DisplayName": "Maria Lopez",
        "PrimaryEmailAddr": {"Address": "maria.lopez@example.com"},
        "PrimaryPhone": {"FreeFormNumber": "(415) 555-0134"},
        "Balance": 1520.75,
    },
}
"""One event of a CloudEvents delivery, whose data contains ``PII_VALUES``."""


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()
