"""Small real time series that ship with sklstm."""

from ._base import load_airline

__all__ = ["load_airline"]
