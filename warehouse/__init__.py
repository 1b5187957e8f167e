"""The DuckDB warehouse: raw pages, clean articles, fetch log and feed state, for analysts."""

from warehouse.db.connect import WarehouseBusy
from warehouse.db.migrate import NotAWarehouse
from warehouse.loading.raw import RawPage
from warehouse.loading.stage import StagedBatch, stage_batch
from warehouse.queries.state import PageState
from warehouse.store import Warehouse

__all__ = ["NotAWarehouse", "PageState", "RawPage", "StagedBatch", "Warehouse", "WarehouseBusy", "stage_batch"]
