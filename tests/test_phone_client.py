"""The simulated phone of ``benchmarks/phone.py``: its framing, its widget mirror, and a
small room (three phones and the facilitator) through ``cikit serve``.

The room test (marker ``room``) proves the client does what a browser does: every
phone's answer must be in the workspace and the facilitator's count must reach 3.
It times nothing; the figures are for ``benchmarks/room.py``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import psutil
import pytest
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import phone as ph  # noqa: E402

WORKBOOK = "01_preconditions"


def test_v1_framing_matches_jupyter_server():
    parts = [b'{"msg_id": "1"}', b"{}", b"{}", b'{"data": {"a": 1}}', b"\x00\x01buffer"]
    ours = ph.pack_v1("shell", parts)
    assert ours == serialize_msg_to_ws_v1(parts, "shell")
    assert deserialize_msg_from_ws_v1(ours) == ("shell", parts)
    channel, msg = ph.unpack_v1(serialize_msg_to_ws_v1(parts, "iopub"))
    assert channel == "iopub"
    assert msg["header"] == {"msg_id": "1"}
    assert msg["content"] == {"data": {"a": 1}}
    assert msg["buffers"] == [b"\x00\x01buffer"]


def test_mirror_finds_shown_widgets_by_class_not_by_position():
    mirror = ph.Mirror()
    mirror.roots = ["app"]
    mirror.open("app", {"children": ["IPY_MODEL_old", "IPY_MODEL_box"], "layout": "IPY_MODEL_l"})
    mirror.open("old", {"_dom_classes": ["cikit-join-button"], "disabled": True})
    mirror.open("box", {"children": ["IPY_MODEL_join"], "_dom_classes": []})
    mirror.open("join", {"_dom_classes": ["x", "cikit-join-button"], "disabled": False})
    mirror.open("hidden", {"_dom_classes": ["cikit-join-button"], "disabled": False})
    mirror.open("l", {"_model_name": "LayoutModel"})
    assert [m for m, _ in mirror.shown()] == ["app", "old", "box", "join", "l"]
    assert mirror.find("cikit-join-button")[0] == "old"
    assert mirror.find("cikit-join-button", where=lambda s: not s["disabled"])[0] == "join"
    mirror.update("app", {"children": ["IPY_MODEL_box"]})
    mirror.close("join")
    assert mirror.find("cikit-join-button") is None


@pytest.mark.room
def test_three_phones_answer_and_the_facilitator_counts_them(tmp_path):
    from servers import cikit_server, wait_until

    from cikit import content
    from cikit.demo import write_demo

    workspace = tmp_path / "demo.cikit"
    ws = write_demo(workspace)
    round_id = ws.open_round(workbook=WORKBOOK, key="readiness", anonymous=True)

    with cikit_server(str(workspace), tmp_path) as server:
        base = f"http://127.0.0.1:{server.port}/"

        async def room():
            facilitator = ph.Phone(
                base,
                f"{WORKBOOK}.ipynb",
                query=f"?lang=fr&role=facilitator&key={server.key}",
                name="facilitator",
                timeout=240,
            )
            await ph.facilitator(facilitator)
            phones = [
                ph.Phone(base, f"{WORKBOOK}.ipynb", name=f"phone-{i}", timeout=240)
                for i in range(3)
            ]
            visits = await asyncio.gather(
                *(
                    ph.participant(p, level=i + 1, sector_index=i, answer_timeout=120)
                    for i, p in enumerate(phones)
                )
            )
            for _ in range(300):  # the facilitator's page looks every second
                if facilitator.visit.counts and facilitator.visit.counts[-1][1] == 3:
                    break
                await asyncio.sleep(0.1)
            await asyncio.gather(*(p.close(shutdown=True) for p in [*phones, facilitator]))
            return facilitator, phones, visits

        facilitator, phones, visits = asyncio.run(room())

        assert facilitator.visit.error is None
        for visit in visits:
            assert visit.error is None, visit.error
            assert visit.ready is not None and visit.saved is not None
            assert visit.status_text == "Réponse enregistrée."
        assert facilitator.visit.counts[-1][1] == 3

        responses = ws.round_responses(round_id)
        answers = responses[responses["item"] != "_join"]
        by_respondent = dict(zip(answers["respondent"], answers["value"], strict=True))
        expected = {f"a:{p.client_id}": i + 1 for i, p in enumerate(phones)}
        assert by_respondent == expected
        first = content.document("preconditions")["entries"][0]["statements"][0]["id"]
        assert set(answers["item"]) == {first}
        # Closed pages send Voila's shutdown beacon, so their kernels go.
        gone = {f"kernel-{p.kernel_id}.json" for p in phones}
        assert wait_until(lambda: not gone & _kernel_files(server), timeout=60)
    ws.close()


def _kernel_files(server) -> set[str]:
    found = set()
    for proc in server.kernels():
        try:
            found |= {Path(part).name for part in proc.cmdline() if part.endswith(".json")}
        except psutil.Error:
            continue
    return found
