"""The shared file cache counts every sign-in attempt, even when many arrive at once."""

import multiprocessing

from assure.core.cache import LockingFileBasedCache


def _count(location: str, times: int) -> None:
    cache = LockingFileBasedCache(location, {})
    for _ in range(times):
        if not cache.add("attempts", 1, 60):
            cache.incr("attempts")


def test_counts_from_several_processes_add_up(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_count, args=(str(tmp_path), 100)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert LockingFileBasedCache(str(tmp_path), {}).get("attempts") == 400


def test_the_lock_file_is_never_taken_for_an_entry(tmp_path):
    cache = LockingFileBasedCache(str(tmp_path), {})
    cache.add("attempts", 1, 60)
    cache.clear()
    assert cache.get("attempts") is None
    assert (tmp_path / "counters.lock").exists()
