"""cikit's fixes to standalone Voila's kernel pool that can be checked without a server."""

from __future__ import annotations

import asyncio
import datetime as dt

from cikit.server.pools import PoolPolicy

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


class _Kernel:
    def __init__(self) -> None:
        self.last_activity = LONG_AGO  # it ran the notebook, then waited in the pool


class _VoilaPool:
    """What PoolPolicy's handout uses of Voila's kernel manager, and the handout itself."""

    def __init__(self, **kwargs) -> None:
        self.kernels = {"k1": _Kernel()}

    def __contains__(self, kernel_id: str) -> bool:
        return kernel_id in self.kernels

    def get_kernel(self, kernel_id: str) -> _Kernel:
        return self.kernels[kernel_id]

    async def get_rendered_notebook(self, notebook_name: str, **kwargs):
        return ("render task", ["<cell>"], "k1")


class _Manager(PoolPolicy, _VoilaPool):
    """Mixed as cikit.server.pools.install mixes it into Voila's kernel manager."""


def test_a_kernel_handed_out_from_the_pool_is_not_idle_for_the_culler():
    manager = _Manager()
    assert asyncio.run(manager.get_rendered_notebook("03_mesure_commune.ipynb")) == (
        "render task", ["<cell>"], "k1",
    )  # fmt: skip
    idle = dt.datetime.now(dt.timezone.utc) - manager.kernels["k1"].last_activity
    assert idle < dt.timedelta(seconds=60)


def test_a_kernel_gone_before_the_handout_ends_changes_nothing():
    manager = _Manager()
    manager.kernels.clear()
    assert asyncio.run(manager.get_rendered_notebook("x.ipynb"))[2] == "k1"
