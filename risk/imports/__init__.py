"""Bringing a council's risk registers in from its own workbook (a core.bulk kind).

The rules, in council terms:

- Sheet Risks holds one row a risk: the register it is in, its reference, title, owner,
  category, cause, consequence, existing controls, the inherent, current and target scores,
  target date, treatment and status. The register is named as the council writes it: a
  service (its name or code, or "Parks risk register"), a directorate ("Place directorate")
  or "Corporate". A service's register not opened yet is opened by the import with the
  council's matrix; a name that matches nothing, or both a service and a directorate, is a
  problem.
- Risks are matched by register and reference, never guessed. A column the sheet does not
  have leaves that part of each risk as it is; importing never removes anything.
- Scores are given as the register's matrix keeps them: likelihood and impact (a score
  beside them must be their product), or on a score-only register the score alone. A
  target left empty, or written "TBC" or "To be confirmed", is to be confirmed.
- Sheet Further actions: the risk's reference, the action, its owner, due date and status;
  an action is matched by its risk and its words.
- Sheet Reviews: the risk's reference, the quarter ("Q2 2025/26"), the date of the review,
  who reviewed it (the risk's owner if not given), the scores and a note. A review may be
  for an earlier quarter (backdated) as the review rules allow: never for a quarter not yet
  started, never dated in the future or before its quarter, and a past quarter's review
  stands (importing the same one again leaves it). The risk's current score follows its
  latest quarter reviewed. Who imported a review and when is kept apart from its own date.
- A risk reference on Further actions or Reviews names the risk in the Risks sheet or
  already held; one held in two registers needs a Register column to say which.
- People are named by user name or email ("Alex Jones (ajones)" as exported).
- Who may import into which register: planning.permissions.bulk_registers.
- Importing is all or nothing, only as checked, and every record keeps "Imported from
  <file> by <person>" in its history.
"""

from __future__ import annotations

from core import bulk
from planning.permissions import IMPORT_RISK_REGISTERS

from .check import registers_check
from .layout import ACTIONS, OPTIONAL, REVIEWS, RISKS, TEMPLATES
from .save import registers_save

KIND = bulk.BulkKind(
    slug="risk-registers",
    title="Risk registers",
    summary=(
        "Risks of the corporate, directorate and service registers with their scores, "
        "controls, further actions and quarterly reviews (earlier quarters too)"
    ),
    permission=IMPORT_RISK_REGISTERS,
    templates=TEMPLATES,
    optional=OPTIONAL,
    check=registers_check,
    save=registers_save,
    examples={
        RISKS: [
            [
                "Parks",
                "PK-01",
                "Tree disease spreads",
                "Alex Jones (ajones)",
                "Service delivery",
                "Ash dieback",
                "Closed paths",
                "3",
                "4",
                "12",
                "Surveys",
                "2",
                "4",
                "8",
                "",
                "",
                "TBC",
                "31/03/2027",
                "Treat",
                "Open",
            ],
        ],
        ACTIONS: [["PK-01", "Fell infected trees", "ajones", "Parks", "31/12/2026", "In progress"]],
        REVIEWS: [
            ["PK-01", "30/09/2025", "Parks", "Q2 2025/26", "ajones", "2", "4", "8", "Surveys done"]
        ],
    },
)


def register() -> None:
    bulk.register(KIND)
