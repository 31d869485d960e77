"""Who answers for whom in the backbone's self-assessment, without pandas.

In a round with names, a person whose role (in the Start workbook) is *backbone
staff* answers for the backbone; everyone else gives the partners' view.  In an
anonymous round each person says which when joining; no choice means partner.  A
participant's phone needs only this; the scores are in
:mod:`cikit.analysis.structure_soutien`.
"""

from __future__ import annotations

from typing import Any

PARTNERS = "partners"
STAFF = "staff"
GROUPS: tuple[str, ...] = (PARTNERS, STAFF)
BACKBONE_ROLE = "backbone"


def group_for_role(role: Any) -> str:
    """``staff`` for the backbone staff role, ``partners`` for any other role (or none).

    >>> group_for_role("backbone"), group_for_role("resident"), group_for_role(None)
    ('staff', 'partners', 'partners')
    """
    return STAFF if role == BACKBONE_ROLE else PARTNERS
