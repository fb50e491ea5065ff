"""wikisync: matches learners with people who share skills on a MediaWiki wiki."""

import os

# The pipeline makes no use of BLAS (its arrays are sorted, counted and indexed, never
# multiplied), but numpy and scipy each start an OpenBLAS thread per core on import, and
# on a small machine those threads take time from the run: a warm run of 100,000
# participants on two cores matched in 14.8 s with one BLAS thread and 15.3-15.8 s
# without the limit. A value the operator sets is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from wikisync.errors import ConfigError, WikiError, WikisyncError

__all__ = ["ConfigError", "WikiError", "WikisyncError", "__version__"]
__version__ = "0.1.0"
