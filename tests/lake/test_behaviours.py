"""The warehouse suite's key behaviours, run on a DuckLake: the tests are the warehouse tests
themselves, with this package's `wh` fixture (a fresh lake) in place of a DuckDB file."""

from tests.warehouse.queries.test_alerts import (  # noqa: F401
    test_a_failed_delivery_is_claimed_again_by_the_next_run,
    test_a_mention_is_claimed_once_across_reloads_and_new_versions,
)
from tests.warehouse.loading.test_dedup import test_load_clusters_copies_across_outlets_and_batches  # noqa: F401
from tests.warehouse.loading.test_load import (  # noqa: F401
    test_changed_text_adds_a_version_and_updates_the_row,
    test_same_batch_twice_changes_nothing,
)
from tests.warehouse.test_retention import test_prune_drops_old_raw_pages_and_keeps_articles  # noqa: F401
from tests.warehouse.queries.test_views import test_views  # noqa: F401
from tests.warehouse.loading.test_watch import test_new_and_changed_articles_are_matched_at_load  # noqa: F401
