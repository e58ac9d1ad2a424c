"""A cache that every gunicorn worker process shares, with no service to run.

The sign-in rate limits count attempts in the cache. Django's local-memory cache is per process,
so each worker would count on its own; its file-based cache is shared (one folder) but its ``add``
and ``incr`` are a read then a write, so two workers counting at once can lose a count.
``LockingFileBasedCache`` takes an exclusive ``flock`` on one file in the folder around those two
calls, which makes them atomic across threads and processes on one machine. A deployment over
several machines sets ``ASSURE_CACHE_URL`` to Redis instead (docs/deployment.md).
"""

import fcntl
import os
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

LOCK_NAME = "counters.lock"  # not a *.djcache file, so the cache never culls or clears it


class LockingFileBasedCache(FileBasedCache):
    @contextmanager
    def _locked(self):
        self._createdir()
        descriptor = os.open(os.path.join(self._dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)
