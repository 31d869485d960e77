"""« Accueil / Start »: the initiative's profile, its partners and people, who is missing.

A guided walk of five steps, one module each: :mod:`.initiative`, :mod:`.partners`,
:mod:`.people`, :mod:`.coverage` (the only one that draws a chart) and
:mod:`.workbooks`.
"""

from cikit.apps.accueil.app import StartApp

__all__ = ["StartApp"]
