"""The local stack: a moto server holding DynamoDB, S3, SQS and EventBridge on loopback; an HTTP front that
turns requests into API Gateway proxy events (checking tokens as the Cognito authorizer would) and calls the
same handlers; and pollers that feed each queue's function (intake, validation) from SQS, as Lambda's event
source mapping does. Everything runs in this process; any AWS client pointed at the aws endpoint works with it."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from infra.constants import MAX_INLINE_DOCUMENT_BYTES, MAX_REQUEST_BYTES
from infra.local.context import LocalContext, api_gateway_event, sqs_event
from infra.local.provision import LocalResources, provision
from shared.adapters.dynamodb import tables

# the deployed API's request limit (the WAF rule before API Gateway and Lambda's 6 MB event): refused from here
API_BODY_LIMIT = MAX_REQUEST_BYTES - 1
HOST = "127.0.0.1"
LISTEN_BACKLOG = 128  # socketserver's default of 5 resets connections under a burst of concurrent clients


class FrontServer(ThreadingHTTPServer):
    """The API front's server: a thread per connection and a listen backlog that holds a burst of clients."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
    block_on_close = False  # closing must not wait for keep-alive connections


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def configure_process(resources: LocalResources) -> None:
    """Point this process's functions at the local AWS and forget anything built for another endpoint."""
    os.environ.update(resources.environment())
    from shared.adapters.aws import reset_clients
    from shared.adapters.config import settings
    from shared.application import wiring

    settings.cache_clear()
    reset_clients()
    wiring.reset()


class LocalStack:
    def __init__(self, api_port: int = 3000, aws_port: int = 4566) -> None:
        self.api_port = api_port
        self.aws_port = aws_port
        self.resources: LocalResources | None = None
        self._moto = None
        self._front: FrontServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._api_lock = threading.Lock()  # one API "instance": the resolver keeps per-request state
        self._consumer_locks = {
            logical: threading.Lock() for queue in tables.QUEUES for logical in (queue.logical, f"{queue.logical}Dlq")
        }

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    @property
    def aws_url(self) -> str:
        return f"http://{HOST}:{self.aws_port}"

    def start(self) -> LocalStack:
        import logging

        from infra.local.aws_server import LocalAwsServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._moto = LocalAwsServer(ip_address=HOST, port=self.aws_port, verbose=False)
        self._moto.start()
        self.resources = provision(self.aws_url)
        configure_process(self.resources)
        import importlib

        import functions.api.handler as api

        self._api = api.handler
        self._consumers = {
            queue.logical: importlib.import_module(f"functions.{queue.function}.handler").handler
            for queue in tables.QUEUES
        }
        for queue in tables.QUEUES:  # dead-letter consumers, as an event source mapping on the DLQ in AWS
            if queue.dead_letter_function:
                self._consumers[f"{queue.logical}Dlq"] = importlib.import_module(
                    f"functions.{queue.dead_letter_function}.handler"
                ).handler
        self._front = FrontServer((HOST, self.api_port), self._request_handler_class())
        self._spawn(self._front.serve_forever, "api-front")
        for queue in tables.QUEUES:
            self._spawn(lambda q=queue: self._poll(q), f"poller-{queue.name}")
            if queue.dead_letter_function:
                self._spawn(lambda q=queue: self._poll(q, dead_letters=True), f"poller-{queue.name}-dlq")
        return self

    def reset(self) -> None:
        """Empty the local AWS and provision it again (moto keeps one state per process, shared by its servers)."""
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.aws_url}/moto-api/reset", method="POST"), timeout=10)
        self.resources = provision(self.aws_url)
        configure_process(self.resources)

    def stop(self, grace_seconds: float = 5.0) -> None:
        """Stop within ``grace_seconds`` or so: the front stops taking requests, the pollers finish the batch
        they hold (a batch cut short is redelivered, as SQS would), and the local AWS closes without waiting for
        its clients' keep-alive connections."""
        self._stopping.set()
        if self._front:
            self._front.shutdown()
            self._front.server_close()
        deadline = time.monotonic() + grace_seconds
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._moto:
            self._moto.stop()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    # -- the API front --------------------------------------------------------------------------------------

    def invoke_api(self, event: dict) -> dict:
        with self._api_lock:
            return self._api(event, LocalContext("claims-api", timeout_seconds=29))

    def _request_handler_class(self):
        stack = self

        class Front(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # no access log on stdout; requests carry personal data
                return

            def _answer(self, status: int, headers: dict[str, str], body: str) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in {"content-length", "connection"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":  # a HEAD answer has the headers of the GET answer and no body
                    self.wfile.write(data)

            def _problem(self, status: int, code: str, title: str) -> None:
                body = json.dumps(
                    {
                        "type": "about:blank",
                        "title": title,
                        "status": status,
                        "detail": title,
                        "errors": [{"code": code, "message": title, "path": ""}],
                    }
                )
                self._answer(status, {"Content-Type": "application/problem+json"}, body)

            def _body_length(self) -> int | None:
                """The declared body length, or None (after a 400) when ``Content-Length`` is not one number."""
                values = self.headers.get_all("Content-Length") or []
                if not values:
                    if self.headers.get("Transfer-Encoding"):  # API Gateway needs a length too
                        self.close_connection = True
                        self._problem(411, "LENGTH_REQUIRED", "Send the request body with a Content-Length")
                        self._linger()
                        return None
                    return 0
                text = values[0].strip()
                if len(values) > 1 or not (text.isascii() and text.isdigit()):
                    self.close_connection = True  # the body's end is unknown: the connection cannot be reused
                    self._problem(400, "MALFORMED", "Content-Length must be one non-negative whole number")
                    self._linger()
                    return None
                return int(text)

            def _handle(self) -> None:
                length = self._body_length()
                if length is None:
                    return None
                if length > API_BODY_LIMIT:  # refused before the body is read
                    self.close_connection = True
                    self._problem(
                        413,
                        "TOO_LARGE",
                        f"Requests of {MAX_REQUEST_BYTES / 1_000_000:g} MB or more are "
                        "refused; a document over "
                        f"{MAX_INLINE_DOCUMENT_BYTES / 1_000_000:.1f} MB goes by POST /v1/uploads",
                    )
                    return self._linger()
                raw = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                if not url.path.startswith("/v1/"):
                    return self._problem(404, "NOT_FOUND", "Not found")
                claims = None
                if not url.path.startswith("/v1/public/"):
                    claims = self._claims()
                    if claims is None:
                        return self._problem(401, "UNAUTHORIZED", "A valid bearer token is required")
                try:
                    body = raw.decode("utf-8") if raw else None
                except UnicodeDecodeError:
                    return self._problem(400, "MALFORMED", "The request body is not UTF-8")
                headers = {k: v for k, v in self.headers.items()}
                event = api_gateway_event(
                    self.command,
                    url.path,
                    parse_qs(url.query, keep_blank_values=True),
                    headers,
                    body,
                    claims,
                    self.client_address[0],
                )
                answer = stack.invoke_api(event)
                out_headers = dict(answer.get("headers") or {})
                for name, values in (answer.get("multiValueHeaders") or {}).items():
                    out_headers[name] = ", ".join(values)
                self._answer(answer["statusCode"], out_headers, answer.get("body") or "")

            def _linger(self, max_bytes: int = 1024 * 1024, seconds: float = 1.0) -> None:
                """Close after a refusal without resetting the client: stop writing, then drop (a bounded part
                of) what it still sends, so that the refusal is read before the connection goes."""
                try:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_WR)
                    self.connection.settimeout(seconds)
                    drained = 0
                    while drained < max_bytes:
                        chunk = self.connection.recv(65536)
                        if not chunk:
                            break
                        drained += len(chunk)
                except OSError:
                    pass

            def _claims(self) -> dict | None:
                import jwt

                from infra.local.tokens import verify

                header = self.headers.get("Authorization", "")
                if not header.startswith("Bearer "):
                    return None
                try:
                    claims = verify(header.removeprefix("Bearer ").strip())
                except jwt.InvalidTokenError:
                    return None
                groups = claims.get("cognito:groups") or []
                # the REST API authorizer hands claims over as strings
                return {k: (",".join(v) if isinstance(v, list) else str(v)) for k, v in claims.items()} | {
                    "cognito:groups": ",".join(groups) if isinstance(groups, list) else str(groups)
                }

            def __getattr__(self, name: str):
                if name.startswith("do_"):  # every method reaches the API, which answers for itself (405 too)
                    return self._handle
                raise AttributeError(name)

        return Front

    # -- the SQS pollers --------------------------------------------------------------------------------------

    def _poll(self, queue: tables.QueueSpec, dead_letters: bool = False) -> None:
        """Feed a queue's function (or, with ``dead_letters``, its dead-letter queue's function) from SQS."""
        from shared.adapters.aws import client

        sqs = client("sqs")
        logical = f"{queue.logical}Dlq" if dead_letters else queue.logical
        while not self._stopping.is_set():
            url = (self.resources.dlq_urls if dead_letters else self.resources.queue_urls)[queue.logical]
            arn = f"arn:aws:sqs:{self.resources.region}:123456789012:{url.rsplit('/', 1)[-1]}"
            try:
                messages = sqs.receive_message(
                    QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"]
                ).get("Messages", [])
            except Exception:  # the server is stopping, or being reset
                if self._stopping.is_set():
                    return
                time.sleep(0.2)
                continue
            if messages:
                self._deliver(
                    sqs, url, arn, messages, logical, queue.dead_letter_function if dead_letters else queue.function
                )

    def _deliver(self, sqs, url: str, arn: str, messages: list[dict], logical: str, function: str) -> None:
        with self._consumer_locks[logical]:
            try:
                answer = self._consumers[logical](
                    sqs_event(messages, arn), LocalContext(f"claims-{function}", timeout_seconds=60)
                )
                failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
            except Exception:
                failed = {m["MessageId"] for m in messages}
        for message in messages:
            if message["MessageId"] in failed:  # retry soon (Lambda waits for the visibility timeout)
                sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=1)
            else:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    def wait_until_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every queue is empty (visible and in flight) and no consumer runs; True when it is."""
        from shared.adapters.aws import client

        sqs = client("sqs")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = 0
            for url in self.resources.queue_urls.values():
                attrs = sqs.get_queue_attributes(
                    QueueUrl=url,
                    AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
                )["Attributes"]
                busy += int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])
            if not busy and not any(lock.locked() for lock in self._consumer_locks.values()):
                return True
            time.sleep(0.1)
        return False
