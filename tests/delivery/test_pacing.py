"""The pacer keeps each limit on its own: global, per private chat, per group."""

from bot.delivery.pacing import Gcra, Pacer


def sends_within(limiter: Gcra, seconds: float, step: float = 0.001) -> int:
    now, sent = 0.0, 0
    while now < seconds:
        if limiter.wait(now) == 0:
            limiter.take(now)
            sent += 1
        now += step
    return sent


def test_private_chat_allows_a_short_burst_then_one_per_second() -> None:
    pacer = Pacer(30, 1, 3, 20)
    gate = pacer.chat(7)
    assert sends_within(gate.pace, 0.5) == 3
    assert sends_within(Gcra(1.0, burst=3), 10.0) in (12, 13)


def test_group_never_exceeds_twenty_in_any_minute() -> None:
    pacer = Pacer(30, 1, 3, 20)
    times, now, gate = [], 0.0, pacer.chat(-100)
    while now < 300:
        if gate.wait(now) == 0:
            gate.pace.take(now)
            times.append(now)
        now += 0.01
    assert max(sum(1 for t in times if start <= t < start + 60) for start in times) <= 20


def test_global_rate_is_thirty_per_second() -> None:
    pacer = Pacer(30, 1, 3, 20)
    assert 29 <= sends_within(pacer.global_pace, 1.0) <= 31 + pacer.global_pace.burst


def test_a_paused_chat_waits_while_others_do_not() -> None:
    pacer = Pacer(30, 1, 3, 20)
    pacer.pause_chat(1, until=5.0)
    assert pacer.chat_wait(1, 1.0) == 4.0
    assert pacer.chat_wait(2, 1.0) == 0.0


def test_quiet_chats_are_forgotten() -> None:
    pacer = Pacer(30, 1, 3, 20)
    pacer.take(1, 0.0)
    pacer.forget_idle(10.0)
    assert pacer._chats == {}


def busiest_second(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    most, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def dispatch_and_leave(pacer: Pacer, until: float, quiet: tuple[float, float]) -> list[float]:
    """Send as fast as the pacer allows, with a pause of `quiet`; the moments requests leave.
    Each request leaves a little after its dispatch (a database round trip), as in the engine."""
    left: list[float] = []
    pending: list[float] = []  # dispatched, leaving at this moment unless the window says wait
    now, chat = 0.0, 1
    while now < until:
        if not quiet[0] <= now < quiet[1] and pacer.global_wait(now) == 0:
            pacer.take(chat, now)
            chat += 1
            pending.append(now + 0.003 * (chat % 7))
        while pending and pending[0] <= now and pacer.leave_wait(now) == 0:
            pending.pop(0)
            pacer.leave(now)
            left.append(now)
        now += 0.001
    return left


def test_a_burst_after_a_pause_never_puts_more_than_the_limit_in_any_second() -> None:
    pacer = Pacer(30, 1, 3, 20)
    left = dispatch_and_leave(pacer, 6.0, quiet=(2.0, 3.5))
    assert busiest_second(left) <= 30
    assert len([t for t in left if t >= 3.5]) >= 2.5 * 29, "and it still sends at full speed"


def test_the_margin_keeps_the_limit_when_arrivals_jitter_by_less_than_it() -> None:
    pacer = Pacer(30, 1, 3, 20, global_margin=0.05)
    left = dispatch_and_leave(pacer, 8.0, quiet=(3.0, 4.0))
    late = [t + (0.049 if n % 30 == 0 else 0.0) for n, t in enumerate(left)]
    assert busiest_second(late) <= 30
    assert busiest_second(late, 1.05) <= 30
