"""Settings of ``make load``: the production settings plus the bare template view's route,
static files collected into the run's scratch folder, and the API's rate limits lifted
(they would answer 429 to a load generator long before the server is busy)."""

import os
from pathlib import Path

from klimat.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = Path(os.environ["KLIMAT_LOAD_STATIC_ROOT"])
API_RATE_ANONYMOUS = API_RATE_USER = ""  # no limit (core.api.throttles)
