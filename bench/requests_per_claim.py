"""AWS requests per accepted claim on the S3 upload path, counted with botocore's event hooks.

Uploads N documents to the local AWS (moto), then runs the intake handler over their SQS notifications and counts
every request that any botocore client sends while it does (a ``before-send`` hook on each client created)."""

from __future__ import annotations

import os
import threading
from collections import Counter
from datetime import timedelta

# S3 GET of the upload, S3 PUT of the exact bytes under documents/ (the immutable original, issue 8), one
# DynamoDB transaction, one EventBridge put. The PUT is the price of a copy no client can write.
GOAL = 4.0


class RequestCounter:
    """Registers a ``before-send`` hook on every botocore client created from now on."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.active = False
        self._lock = threading.Lock()

    def install(self) -> None:
        import botocore.session

        counter = self
        original = botocore.session.Session.create_client

        def create_client(session, service_name, *args, **kwargs):
            client = original(session, service_name, *args, **kwargs)
            client.meta.events.register("before-send", counter._count)
            return client

        self._original = original
        botocore.session.Session.create_client = create_client

    def uninstall(self) -> None:
        import botocore.session

        botocore.session.Session.create_client = self._original

    def _count(self, request, **_: object) -> None:
        if not self.active:
            return
        operation = request.headers.get("X-Amz-Target", b"")
        if isinstance(operation, bytes):
            operation = operation.decode()
        host_path = request.url.split("//", 1)[-1]
        label = (
            operation.split(".")[-1]
            if operation
            else f"S3 {request.method}"
            if "/claims-documents" in host_path
            else f"{request.method} {host_path}"
        )
        with self._lock:
            self.counts[label] += 1


def run(claims: int = 50) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    counter = RequestCounter()
    counter.install()
    try:
        return _count(counter, claims)
    finally:
        counter.uninstall()


def _count(counter: RequestCounter, claims: int) -> dict:
    import requests

    from infra.local.context import LocalContext, sqs_event
    from infra.local.provision import registry_items
    from infra.local.samples import Line, kec_invoice
    from infra.local.stack import LocalStack, free_port
    from infra.local.tokens import mint
    from shared.adapters.aws import client
    from shared.domain.calendar import now_seoul

    with LocalStack(api_port=free_port(), aws_port=free_port()) as stack:
        stack._stopping.set()  # the bench drives the intake handler itself: no poller
        stack.reset()
        tax_id = next(lg["taxId"] for lg in registry_items() if lg["lgCode"] == "11110")
        issued = now_seoul().date() - timedelta(days=2)  # business dates are Seoul's
        auth = {"Authorization": f"Bearer {mint('business', '2048631263')}"}
        for n in range(claims):
            slot = requests.post(
                f"{stack.api_url}/v1/uploads",
                headers=auth,
                timeout=10,
                json={"lgCode": "11110", "kind": "payment", "format": "kec", "fileName": f"{n}.xml"},
            ).json()
            doc = kec_invoice("2048631263", tax_id, issued, 900_000 + n, [Line("용역", 1, 100_000 + n)])
            requests.put(slot["url"], data=doc, headers=slot["headers"], timeout=10).raise_for_status()
        sqs = client("sqs")
        url = stack.resources.queue_urls["IntakeQueue"]
        messages = []
        while True:
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
            if not batch:
                break
            messages += [m for m in batch if "s3:TestEvent" not in m["Body"]]
        from functions.intake.handler import handler

        counter.active = True
        accepted = 0
        for start in range(0, len(messages), 10):
            answer = handler(
                sqs_event(messages[start : start + 10], "arn:aws:sqs:ap-northeast-2:0:intake"),
                LocalContext("claims-intake"),
            )
            accepted += len(messages[start : start + 10]) - len(answer["batchItemFailures"])
        counter.active = False
        stack._stopping.clear()
    total = sum(counter.counts.values())
    return {
        "claims": accepted,
        "requests": total,
        "per_claim": total / max(accepted, 1),
        "goal": GOAL,
        "by_operation": dict(counter.counts.most_common()),
    }
