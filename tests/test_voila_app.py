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


class _RoomPool(_VoilaPool):
    """Voila's kernel manager with a room's pool: 60 join pages expected."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kernel_pools_config = {
            "default": {"pool_size": 1},
            "rejoindre.ipynb": {"pool_size": 60},
        }
        self.alive: set[str] = set()
        self.filled_to: list[int] = []
        self.handouts = 0

    def list_kernel_ids(self) -> list[str]:
        return sorted(self.alive)

    async def get_rendered_notebook(self, notebook_name: str, **kwargs):
        self.handouts += 1
        kernel_id = f"k{self.handouts}"
        self.alive.add(kernel_id)
        return ("render task", [], kernel_id)

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        # What Voila's fill reads, synchronously, from the pools' config.
        self.filled_to.append(self.kernel_pools_config[notebook_name]["pool_size"])


class _Room(PoolPolicy, _RoomPool):
    pass


def test_a_room_pool_keeps_a_spare_once_the_people_it_was_sized_for_are_seated():
    manager = _Room()
    assert manager.pool_target("rejoindre.ipynb") == 60
    for _ in range(58):
        asyncio.run(manager.get_rendered_notebook("rejoindre.ipynb"))
    assert manager.pool_target("rejoindre.ipynb") == 6  # a tenth of 60, at least 4
    manager._fill_to(6, notebook_name="rejoindre.ipynb", delay=0)
    assert manager.filled_to == [6]
    assert manager.kernel_pools_config["rejoindre.ipynb"]["pool_size"] == 60  # as configured
    manager.alive.clear()  # everyone left: the next room is expected again
    assert manager.pool_target("rejoindre.ipynb") == 60
    assert manager.pool_target("01_preconditions.ipynb") == 1  # small pools are left alone
