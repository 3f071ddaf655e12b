"""When a failed job runs again: exponential backoff with full jitter, or after what the platform asked
(Retry-After) plus a little jitter; never for a job that cannot succeed (its account is gone)."""
from __future__ import annotations

import random

from procrastinate import RetryDecision
from procrastinate.retry import BaseRetryStrategy

BASE_SECONDS = 30.0
MAX_SECONDS = 3600.0


class Permanent(Exception):
    """A job that no retry can fix (the account it names no longer exists): it ends failed with this reason."""


class Transient(Exception):
    """A job that failed for now; retry_after is what the other side asked to wait, when it said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def delay(attempts: int, retry_after: float | None = None, *, rng: random.Random | None = None,
          base: float = BASE_SECONDS, cap: float = MAX_SECONDS) -> float:
    """Seconds before the next try after `attempts` earlier ones (0 for the first failure)."""
    rng = rng or random.Random()
    if retry_after is not None:
        return retry_after + rng.uniform(0, min(60.0, 0.1 * retry_after + 1.0))
    return rng.uniform(0, min(cap, base * 2 ** attempts))


class BackoffWithJitter(BaseRetryStrategy):
    def __init__(self, max_attempts: int = 5, base: float = BASE_SECONDS, rng: random.Random | None = None):
        self.max_attempts, self.base, self.rng = max_attempts, base, rng or random.Random()

    def get_retry_decision(self, *, exception: BaseException, job) -> RetryDecision | None:
        if isinstance(exception, Permanent) or job.attempts + 1 >= self.max_attempts:
            return None
        wait = delay(job.attempts, getattr(exception, "retry_after", None), rng=self.rng, base=self.base)
        return RetryDecision(retry_in={"seconds": wait})
