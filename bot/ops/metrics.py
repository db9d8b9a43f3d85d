"""Prometheus metrics: this process's counters, and the database's figures at each scrape.

Counters and histograms of this process (updates handled, their latency, deliveries by
outcome, 429s) live in a registry of its own (no global registry: two Uras in one test run
do not mix). The field's figures (outbox depth, timers, alerts, time to acknowledge and to
resolve per region, members unreachable) are read from the database by `refresh()` just
before a scrape and exposed as gauges and histograms. No label carries personal data.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from bot.ops.figures import Figures

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FIELD_BUCKETS = (60.0, 300.0, 900.0, 1800.0, 3600.0, 4 * 3600.0, 24 * 3600.0, 7 * 24 * 3600.0)


def _histogram(
    name: str, doc: str, label: str, values: dict[str, list[float]]
) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, doc, labels=[label])
    for key, seen in sorted(values.items()):
        buckets = [(str(b), float(sum(1 for v in seen if v <= b))) for b in FIELD_BUCKETS]
        buckets.append(("+Inf", float(len(seen))))
        family.add_metric([key], buckets, sum(seen))
    return family


class _Snapshot(Collector):
    """Yields the last figures read and the delivery engine's tallies."""

    def __init__(self) -> None:
        self.figures = Figures()
        self.deliveries: Tally[str] | None = None
        self.sender = False

    def collect(self) -> Iterator[Metric]:
        f = self.figures
        depth = GaugeMetricFamily(
            "ura_outbox_depth", "Messages waiting in the outbox", labels=["priority"]
        )
        for priority, count in sorted(f.outbox_depth.items()):
            depth.add_metric([priority], count)
        yield depth
        yield GaugeMetricFamily(
            "ura_outbox_lag_seconds", "Age of the oldest ready message", value=f.outbox_lag_seconds
        )
        yield GaugeMetricFamily(
            "ura_outbox_uncertain", "Sends whose outcome is unknown (crash mid-send)", f.uncertain
        )
        yield GaugeMetricFamily("ura_timers_due", "Timers due and not yet fired", f.timers_due)
        yield GaugeMetricFamily(
            "ura_timers_late", "Timers overdue by more than a tick", f.timers_late
        )
        alerts = GaugeMetricFamily(
            "ura_alerts",
            "Alerts by state, region and category",
            labels=["state", "region", "category"],
        )
        for (state, region, category), count in sorted(f.alerts.items()):
            alerts.add_metric([state, region, category], count)
        yield alerts
        yield _histogram(
            "ura_alert_first_ack_seconds", "Time to first acknowledgment", "region", f.ack_seconds
        )
        yield _histogram(
            "ura_alert_resolution_seconds", "Time to resolution", "region", f.resolve_seconds
        )
        yield GaugeMetricFamily(
            "ura_members_unreachable",
            "Active members Telegram refuses",
            f.unreachable,
        )
        sends = GaugeMetricFamily(
            "ura_channel_sends",
            "E-mails and webhook deliveries by state (sent, failed, uncertain, pending …)",
            labels=["channel", "state"],
        )
        for (channel, state), count in sorted(f.channel_sends.items()):
            sends.add_metric([channel, state], count)
        yield sends
        yield GaugeMetricFamily(
            "ura_sender_lease", "1 while this process is the one that sends", int(self.sender)
        )
        if self.deliveries is not None:
            outcomes = CounterMetricFamily(
                "ura_deliveries", "Send attempts by outcome (this process)", labels=["outcome"]
            )
            for outcome, count in sorted(self.deliveries.items()):
                outcomes.add_metric([outcome], count)
            yield outcomes
            yield CounterMetricFamily(
                "ura_telegram_429",
                "429 answers received (this process)",
                value=self.deliveries.get("retry_after", 0),
            )


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "ura_updates_handled", "Updates handled", ["kind", "outcome"], registry=self.registry
        )
        self.latency = Histogram(
            "ura_update_seconds",
            "Time from an update's arrival to the end of its handling",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.timer_ticks = Counter("ura_timer_ticks", "Scheduler ticks", registry=self.registry)
        self.snapshot = _Snapshot()
        self.registry.register(self.snapshot)

    def observe_update(self, kind: str, outcome: str, seconds: float) -> None:
        self.updates.labels(kind, outcome).inc()
        self.latency.labels(kind).observe(seconds)

    def exposition(
        self, figures: Figures, deliveries: Tally[str] | None, sender: bool = False
    ) -> bytes:
        self.snapshot.figures = figures
        self.snapshot.deliveries = deliveries
        self.snapshot.sender = sender
        return generate_latest(self.registry)
