"""The developer commands as a user runs them: `make serve` (READY line), `make invoke`, `make token`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from infra.local.stack import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served():
    api_port, aws_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.local.serve", "--api-port", str(api_port), "--aws-port", str(aws_port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    try:
        assert line.strip() == f"READY api=http://127.0.0.1:{api_port} aws=http://127.0.0.1:{aws_port}"
        # keep reading what it prints, as a terminal would: a full pipe would block the process
        drained: list[str] = []
        threading.Thread(target=lambda: drained.extend(process.stdout), daemon=True).start()
        yield api_port, aws_port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)  # it stops within seconds, or its watchdog ends it after 10
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGUSR1)  # every thread's stack to stderr, for the failure report
            time.sleep(2)
            process.kill()
            raise


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_serve_answers_and_token_works(served):
    api_port, _ = served
    assert requests.get(f"http://127.0.0.1:{api_port}/v1/public/lgs", timeout=10).status_code == 200
    token = _run("infra.local.tokens", "--role", "official", "--org", "11110").stdout.strip().splitlines()[-1]
    answer = requests.get(
        f"http://127.0.0.1:{api_port}/v1/claims", timeout=10, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200 and answer.json()["items"] == []


@pytest.mark.parametrize(
    ("function", "event", "check"),
    [
        (
            "api",
            "events/api-get-public-lgs.json",
            lambda a: a["statusCode"] == 200 and len(json.loads(a["body"])) >= 26,
        ),
        (
            "api",
            "events/api-validate-document.json",
            lambda a: a["statusCode"] == 200 and json.loads(a["body"])["valid"] is True,
        ),
        ("api", "events/api-list-claims-official.json", lambda a: a["statusCode"] == 200),
        ("api", "events/api-post-claim.json", lambda a: a["statusCode"] == 201),
        ("intake", "events/sqs-s3-object-created.json", lambda a: a == {"batchItemFailures": []}),
        ("deadletter", "events/sqs-intake-dead-letter.json", lambda a: a == {"batchItemFailures": []}),
        ("settlement", "events/schedule-payment-run.json", lambda a: a == {"batchItemFailures": []}),
        ("settlement", "events/schedule-month-close.json", lambda a: a == {"batchItemFailures": []}),
        # the treasury's receipts file it names is not on the local stack: reported, not retried
        ("settlement", "events/sqs-s3-receipts-file.json", lambda a: a == {"batchItemFailures": []}),
    ],
)
def test_invoke_each_event(served, function, event, check):
    _, aws_port = served
    done = _run(
        "infra.local.invoke", "--function", function, "--event", event, "--aws-url", f"http://127.0.0.1:{aws_port}"
    )
    assert done.returncode == 0, done.stderr
    assert check(json.loads(done.stdout)), done.stdout


def test_the_schedules_event_starts_runs_the_stack_completes(served):
    """The daily payment run's own event, through `make invoke`, starts one run per LG; the stack's poller runs
    them, and an official sees today's run."""
    api_port, aws_port = served
    done = _run(
        "infra.local.invoke",
        "--function",
        "settlement",
        "--event",
        "events/schedule-payment-run.json",
        "--aws-url",
        f"http://127.0.0.1:{aws_port}",
    )
    assert done.returncode == 0, done.stderr
    from shared.domain.calendar import is_business_day, now_seoul

    token = _run("infra.local.tokens", "--role", "official", "--org", "11110").stdout.strip().splitlines()[-1]
    today = now_seoul().date()
    run_id = f"11110-payment-{today.isoformat()}"
    if not is_business_day(today):  # the schedule pays on business days only: today it starts nothing
        time.sleep(2)
        answer = requests.get(
            f"http://127.0.0.1:{api_port}/v1/settlements/runs/{run_id}",
            timeout=10,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 404, answer.text
        return

    deadline = time.monotonic() + 60  # generous: the stack runs every LG's run, sharing two cores with a test worker
    while time.monotonic() < deadline:
        answer = requests.get(
            f"http://127.0.0.1:{api_port}/v1/settlements/runs/{run_id}",
            timeout=10,
            headers={"Authorization": f"Bearer {token}"},
        )
        if answer.status_code == 200 and answer.json()["status"] != "RUNNING":
            break
        time.sleep(0.2)
    assert answer.status_code == 200 and answer.json()["status"] == "SUCCEEDED", answer.text


def test_every_event_file_is_exercised():
    exercised = {
        "api-get-public-lgs.json",
        "api-validate-document.json",
        "api-list-claims-official.json",
        "api-post-claim.json",
        "sqs-s3-object-created.json",
        "sqs-intake-dead-letter.json",
        "schedule-payment-run.json",
        "schedule-month-close.json",
        "sqs-s3-receipts-file.json",
    }
    assert {p.name for p in (ROOT / "events").glob("*.json")} == exercised


def test_invoke_without_a_stack_says_so():
    done = _run(
        "infra.local.invoke",
        "--function",
        "api",
        "--event",
        "events/api-get-public-lgs.json",
        "--aws-url",
        f"http://127.0.0.1:{free_port()}",
    )
    assert done.returncode == 2 and "make serve" in done.stderr


@pytest.mark.parametrize(
    "module",
    [
        "infra.local.serve",
        "infra.local.invoke",
        "infra.local.tokens",
        "infra.local.demo",
        "infra.local.openapi",
        "bench",
    ],
)
def test_every_command_has_help(module):
    done = _run(module, "--help")
    assert done.returncode == 0 and "usage:" in done.stdout


def test_token_refuses_a_malformed_org():
    done = _run("infra.local.tokens", "--role", "business", "--org", "11110")
    assert done.returncode != 0 and "10-digit" in done.stderr
