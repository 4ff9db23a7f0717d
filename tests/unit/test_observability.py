"""The handlers' metrics survive a long-lived process: with metrics disabled (tests, the local stack) Powertools
never flushes the set, and serialises it at its 100th value; that needs a namespace, or the handler raises."""

from __future__ import annotations

from shared.adapters.observability import metrics


def test_a_hundred_values_of_one_metric_do_not_break_a_handler():
    assert metrics.namespace
    for _ in range(250):
        metrics.add_metric(name="ClaimsReceived", unit="Count", value=1)
    metrics.clear_metrics()
