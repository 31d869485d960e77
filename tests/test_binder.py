"""The Binder configuration: what repo2docker runs, checked as far as it can be offline."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BINDER = Path(__file__).resolve().parents[1] / "binder"


def test_binder_scripts_are_executable_bash():
    for name in ("postBuild", "start"):
        script = BINDER / name
        assert os.access(script, os.X_OK), f"{name} must be executable for repo2docker"
        subprocess.run(["bash", "-n", str(script)], check=True)


def test_post_build_installs_cikit_and_writes_the_demo():
    text = (BINDER / "postBuild").read_text()
    assert "pip install --no-cache-dir ." in text and "cikit demo" in text


def test_start_sets_the_workspace_and_a_facilitator_key(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    out = subprocess.run(
        ["bash", str(BINDER / "start"), "bash", "-c", 'echo "$CIKIT_WORKSPACE $CIKIT_FACILITATOR_KEY"'],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    workspace, key = out.stdout.split()
    assert workspace == f"{tmp_path}/demo.cikit"
    assert len(key) >= 16 and (tmp_path / "facilitator-key.txt").read_text().strip() == key
    given = subprocess.run(
        ["bash", str(BINDER / "start"), "bash", "-c", 'echo "$CIKIT_FACILITATOR_KEY"'],
        env={**env, "CIKIT_FACILITATOR_KEY": "a-trainer-key-of-26-chars!"}, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert given.stdout.strip() == "a-trainer-key-of-26-chars!"
    short = subprocess.run(
        ["bash", str(BINDER / "start"), "bash", "-c", 'echo "$CIKIT_FACILITATOR_KEY"'],
        env={**env, "CIKIT_FACILITATOR_KEY": "trainer-key"}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert short.stdout.strip() != "trainer-key" and len(short.stdout.strip()) >= 16
    assert "16" in short.stderr, "the trainer is told why the key was refused"


def test_binder_server_takes_uploads_up_to_the_app_limit_and_guards_the_websocket():
    import json

    from cikit.limits import UPLOAD_MAX

    config = json.loads((BINDER / "jupyter-config" / "jupyter_server_config.json").read_text())
    server = config["ServerApp"]
    assert server["tornado_settings"]["websocket_max_message_size"] > UPLOAD_MAX
    assert server["kernel_websocket_connection_class"] == "cikit.server.guards.GuardedConnection"
