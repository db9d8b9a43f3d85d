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
