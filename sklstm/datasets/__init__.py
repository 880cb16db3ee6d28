"""Small real time series that ship with sklstm."""

from ._base import load_airline, load_tourism_monthly

__all__ = ["load_airline", "load_tourism_monthly"]
