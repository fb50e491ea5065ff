"""How the programme's figures appear in tables: the same columns, cells and wording on
every page that shows them (the learning clinic candidates and the statistics page).

The figures themselves are :class:`~wikisync.model.Figures`, counted once by the matching
stage; this module only writes them.
"""

from __future__ import annotations

from wikisync.model import SkillFigures
from wikisync.render.context import RenderContext

#: The columns of a table of skill figures, in order: people who want to learn it, people
#: who can share it, the room those sharers have, and learners without a match.
FIGURE_COLUMNS = ("column-demand", "column-supply", "column-room", "column-unmet")


def figure_cells(figures: SkillFigures, ctx: RenderContext) -> list[str]:
    """The cells of ``FIGURE_COLUMNS`` for one skill."""
    number = ctx.messages.number
    return [
        number(figures.demand),
        number(figures.supply),
        number(figures.room),
        number(figures.unmatched),
    ]
