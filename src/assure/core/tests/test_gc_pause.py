"""core/gc_pause.py: the cyclic collector is paused while a stream runs and always comes back."""

import gc

import pytest

from assure.core import gc_pause


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_while_the_stream_runs_and_back_after():
    seen = []

    def chunks():
        for n in range(3):
            seen.append(gc.isenabled())
            yield n

    assert list(gc_pause.paused(chunks())) == [0, 1, 2]
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_a_stream_abandoned_halfway_or_failing_still_turns_it_back_on():
    stream = gc_pause.paused(iter(range(10)))
    next(stream)
    assert not gc.isenabled()
    stream.close()  # the client went away
    assert gc.isenabled()

    def failing():
        yield 1
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        list(gc_pause.paused(failing()))
    assert gc.isenabled()


def test_two_streams_at_once_keep_it_paused_until_the_last_ends():
    first, second = gc_pause.paused(iter(range(3))), gc_pause.paused(iter(range(3)))
    next(first)
    next(second)
    first.close()
    assert not gc.isenabled()
    second.close()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    list(gc_pause.paused(iter(range(2))))
    assert not gc.isenabled()
