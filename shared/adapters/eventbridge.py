"""Domain events on the EventBridge bus, named in the past tense (``ClaimReceived``, ``ClaimAccepted`` ...).

Every event carries ``metadata{event_name, version, correlation_id, created_at}`` and a ``data`` body with ids
and amounts only: no personal data. Delivery is at least once; consumers are idempotent by claim id.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from shared.adapters.dynamodb.tables import EVENT_SOURCE
from shared.domain.calendar import SEOUL
from shared.domain.claims.ports import EventPublisher  # noqa: F401 (the port this module's publisher implements)


def envelope(event_name: str, data: dict[str, Any], correlation_id: str | None) -> dict[str, Any]:
    return {
        "metadata": {
            "event_name": event_name,
            "version": "1",
            "correlation_id": correlation_id or "",
            "created_at": datetime.now(SEOUL).isoformat(),
        },
        "data": data,
    }


class EventBridgePublisher:
    def __init__(self, bus_name: str) -> None:
        self._bus_name = bus_name

    def publish(self, event_name: str, data: dict[str, Any], correlation_id: str | None = None) -> None:
        from shared.adapters.aws import client

        detail = json.dumps(envelope(event_name, data, correlation_id), ensure_ascii=False)
        answer = client("events").put_events(
            Entries=[
                {"Source": EVENT_SOURCE, "DetailType": event_name, "Detail": detail, "EventBusName": self._bus_name}
            ]
        )
        if answer.get("FailedEntryCount"):
            raise RuntimeError(f"EventBridge refused {event_name}: {answer['Entries']}")


class SqsQueue:
    """Sends JSON messages to one queue (a settlement run's next step)."""

    def __init__(self, url: str) -> None:
        self._url = url

    def send(self, body: dict[str, Any]) -> None:
        from shared.adapters.aws import client

        if not self._url:
            raise RuntimeError("SETTLEMENT_QUEUE_URL is not set")
        client("sqs").send_message(QueueUrl=self._url, MessageBody=json.dumps(body))
