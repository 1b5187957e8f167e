"""The DuckDB warehouse: raw pages, clean articles, fetch log and feed state, for analysts."""

from warehouse.connect import WarehouseBusy
from warehouse.migrate import NotAWarehouse
from warehouse.raw import RawPage
from warehouse.stage import StagedBatch, stage_batch
from warehouse.state import PageState
from warehouse.store import Warehouse

__all__ = ["NotAWarehouse", "PageState", "RawPage", "StagedBatch", "Warehouse", "WarehouseBusy", "stage_batch"]
