"""The local API front under load and with hostile framing: every request gets an HTTP answer.

A burst of clients must not find the listen queue full (socketserver's default backlog of 5 resets or drops
connections), and a ``Content-Length`` that is not one non-negative number is a 400 problem, never a dropped
connection or a body read without limit."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from infra.local.tokens import mint
from tests.conftest import SUPPLIER

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CLIENTS = 50
REQUESTS_PER_CLIENT = 3
BUDGET_SECONDS = 60.0
SYN_RETRANSMIT_SECONDS = 0.9  # Linux retransmits a dropped SYN after 1 s


def _address(stack) -> tuple[str, int]:
    url = urlsplit(stack.api_url)
    return url.hostname, url.port


def test_fifty_concurrent_clients_all_get_an_answer(stack):
    host, port = _address(stack)
    token = mint("business", SUPPLIER)
    start = threading.Barrier(CLIENTS)
    answers: list[int] = []
    connects: list[float] = []  # seconds from connect() to an established connection
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        start.wait()  # every client connects at the same moment: the burst that fills a short listen queue
        for attempt in range(REQUESTS_PER_CLIENT):
            path, headers = (
                ("/v1/public/lgs", {})
                if (number + attempt) % 2
                else ("/v1/claims?limit=5", {"Authorization": f"Bearer {token}"})
            )
            connection = http.client.HTTPConnection(host, port, timeout=BUDGET_SECONDS)
            try:  # a new connection each time (Connection: close), the worst case for the listen queue
                began = time.monotonic()
                connection.connect()
                with lock:
                    connects.append(time.monotonic() - began)
                connection.request("GET", path, headers={**headers, "Connection": "close"})
                response = connection.getresponse()
                response.read()
                with lock:
                    answers.append(response.status)
            except OSError as error:
                with lock:
                    failures.append(f"client {number} request {attempt}: {type(error).__name__}: {error}")
            finally:
                connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, BUDGET_SECONDS - (time.monotonic() - began)))
    elapsed = time.monotonic() - began

    assert not any(thread.is_alive() for thread in threads), f"clients still waiting after {BUDGET_SECONDS} s"
    assert failures == [], failures[:5]
    assert len(answers) == CLIENTS * REQUESTS_PER_CLIENT
    assert set(answers) == {200}, sorted(set(answers))
    # The kernel completes a handshake on its own while the listen queue has room (microseconds on loopback);
    # a full queue drops the SYN, and the client waits a retransmission (1 s, then 3 s...) or is reset.
    slow = [round(seconds, 2) for seconds in connects if seconds >= SYN_RETRANSMIT_SECONDS]
    assert slow == [], f"{len(slow)} of {len(connects)} connections waited for a SYN retransmission: {slow[:10]}"
    assert elapsed < BUDGET_SECONDS


def _raw(stack, head: str, body: bytes = b"", timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """Send a hand-made request and read one HTTP answer (status, headers, body)."""
    with socket.create_connection(_address(stack), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


@pytest.mark.parametrize("value", ["-1", "-100", "abc", "1e3", "0x10", "+5", "", "5, 5", "12abc"])
def test_a_content_length_that_is_not_a_length_is_a_400_problem(stack, value):
    token = mint("business", SUPPLIER)
    head = (
        f"POST /v1/documents/validate HTTP/1.1\r\nHost: {stack.api_url[7:]}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {value}\r\nConnection: close\r\n"
    )
    status, headers, body = _raw(stack, head, b'{"format":"ubl","content":"AAAA"}')
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 400 and problem["errors"][0]["code"] == "MALFORMED"


def test_two_different_content_lengths_are_a_400_problem(stack):
    head = (
        f"POST /v1/documents/validate HTTP/1.1\r\nHost: {stack.api_url[7:]}\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n"
    )
    status, headers, body = _raw(stack, head, b"{}")
    assert status == 400 and json.loads(body)["errors"][0]["code"] == "MALFORMED"


def test_a_body_over_the_limit_is_413_before_it_is_sent(stack):
    from infra.local.stack import API_BODY_LIMIT

    head = (
        f"POST /v1/documents/validate HTTP/1.1\r\nHost: {stack.api_url[7:]}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {API_BODY_LIMIT + 1}\r\n"
    )
    began = time.monotonic()
    status, headers, body = _raw(stack, head, b'{"format":"ubl","content":"' + b"A" * 65536)
    assert status == 413 and json.loads(body)["errors"][0]["code"] == "TOO_LARGE"
    assert time.monotonic() - began < 10
    status, _, _ = _raw(stack, "GET /v1/public/lgs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")
    assert status == 200  # and the front still serves


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("DELETE", "/v1/claims", "GET, POST"), ("PUT", "/v1/public/lgs", "GET"), ("HEAD", "/v1/public/lgs", "GET")],
)
def test_an_unsupported_method_is_405_with_allow_through_the_front(stack, method, path, allow):
    token = mint("business", SUPPLIER)
    connection = http.client.HTTPConnection(*_address(stack), timeout=10)
    try:
        connection.request(method, path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 405
    assert response.getheader("Allow") == allow
    assert response.getheader("Content-Type") == "application/problem+json"
    if method != "HEAD":
        assert json.loads(body)["errors"][0]["code"] == "METHOD_NOT_ALLOWED"
