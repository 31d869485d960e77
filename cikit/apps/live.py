"""Kept for the workbooks not yet moved to :mod:`cikit.apps.framework`."""

from cikit.apps.framework.polling import Poller

__all__ = ["Poller"]
