"""Argon2, computed at the lowest CPU priority so that signed-in pages come first.

Each sign-in costs an Argon2 hash (about 0.3 s of the whole machine, by design). Even under the
rate limits a steady trickle of attempts would take CPU from the people using the service; here
the hash runs in a worker thread with nice 19 (Linux's nice is per thread, and the threads Argon2
starts for its lanes inherit it), so the scheduler gives pages the CPU first and the hash the
rest. The hashes are the same Argon2 hashes as Django's: nothing stored changes.
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import Argon2PasswordHasher

LOWEST_PRIORITY = 19


def _lower_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):  # not Linux: normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)


_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2", initializer=_lower_priority)


class LowPriorityArgon2PasswordHasher(Argon2PasswordHasher):
    def encode(self, password, salt):
        return _pool.submit(super().encode, password, salt).result()

    def verify(self, password, encoded):
        return _pool.submit(super().verify, password, encoded).result()
