"""Stable per-person randomness without storing people: attributes of person ``i`` come from a
hash of (seed, unit, i), so every chunk that meets the same person sees the same child."""

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return (z ^ (z >> np.uint64(31))) & _MASK


def hash_uniform(index: np.ndarray, *key: int) -> np.ndarray:
    """A uniform number in [0, 1) for each index, fixed by ``key`` (seed, unit, attribute…)."""
    state = np.uint64(0)
    for part in key:
        state = splitmix64(np.asarray([state ^ np.uint64(part & 0xFFFFFFFFFFFFFFFF)]))[0]
    with np.errstate(over="ignore"):
        mixed = splitmix64(index.astype(np.uint64) ^ state)
    return (mixed >> np.uint64(11)).astype(np.float64) / float(1 << 53)
