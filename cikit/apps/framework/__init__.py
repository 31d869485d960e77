"""The workbook framework: a page that wires steps, steps as objects, the live round.

Light on purpose: a participant's page imports this package and the steps of its own
workbook, and nothing that draws charts or computes results until it shows them.
"""

from cikit.apps.framework.live_round import LiveRound, RoundPhase
from cikit.apps.framework.page import WorkbookPage, close_tree, in_voila, replace_children
from cikit.apps.framework.roles import Role
from cikit.apps.framework.step import Step, StepState
from cikit.apps.gate import facilitator_only

__all__ = [
    "LiveRound",
    "Role",
    "RoundPhase",
    "Step",
    "StepState",
    "WorkbookPage",
    "close_tree",
    "facilitator_only",
    "in_voila",
    "replace_children",
]
