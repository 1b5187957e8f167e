"""The DuckDB warehouse: raw pages, clean articles, fetch log and feed state, for analysts."""

from warehouse.connect import WarehouseBusy
from warehouse.raw import RawPage
from warehouse.stage import StagedBatch, stage_batch
from warehouse.state import PageState
from warehouse.store import Warehouse

__all__ = ["PageState", "RawPage", "StagedBatch", "Warehouse", "WarehouseBusy", "stage_batch"]
