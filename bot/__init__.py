"""pmbot: the bot's wiring - settings, app, routes, storage, worker, scheduler."""

import os

# numpy's BLAS worker threads spin while they wait for work: on the few shared cores pmbot runs on, one thread
# searches the auto-answerer's vectors with about half the CPU and a steadier p95 (BENCHMARKS.md, issue 23). It
# must be set before numpy loads; a value in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
