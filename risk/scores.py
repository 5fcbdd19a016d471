"""Reading a risk's scores from a council's register (risk.imports), as its matrix keeps them.

The rules, in council terms:

- On a likelihood × impact register each score is a likelihood and an impact within the
  matrix's scales; a score written beside them must be their product (a register that
  says 3 × 4 = 10 is refused, naming the sum).
- On a score-only register each score is one number from 1 to the matrix's top score, and
  likelihood and impact stay empty.
- The inherent and current scores are needed for a new risk; a target left empty, or
  written "TBC" or "To be confirmed", is to be confirmed.
- Columns the sheet does not have leave that score as it is.
"""

from __future__ import annotations

from core.imports import ValueRefused
from planning.workbook.bulk_rows import parse_whole

from .models import RiskMatrix

TO_BE_CONFIRMED = {"tbc", "to be confirmed", "tbd", "to be decided"}


def read(cells, matrix: RiskMatrix, kind: str, *, required: bool) -> dict | None:
    """The fields of one of a risk's scores ("inherent", "current", "target"), or None
    when the sheet has none of its columns or the cells have problems (noted)."""
    headings = tuple(f"{kind} {part}" for part in ("likelihood", "impact", "score"))
    target = kind == "target"
    if not any(cells.has(heading) for heading in headings):
        if required and not target:
            cells.problem(headings[0], f"Give the {kind} score: the sheet has no column for it")
        return None
    values = _scores(cells, matrix, headings, what=kind, required=required and not target)
    if values is None:
        return None
    fields = {f"{kind}_{name}": value for name, value in values.items()}
    if target:
        fields["target_to_be_confirmed"] = all(value is None for value in values.values())
    return fields


def read_review(cells, matrix: RiskMatrix) -> dict | None:
    """A review's likelihood, impact and score (or score alone): always needed."""
    return _scores(cells, matrix, ("likelihood", "impact", "score"), what="", required=True)


def _scores(cells, matrix, headings, *, what: str, required: bool) -> dict | None:
    lik_h, imp_h, score_h = headings
    label = f"the {what} " if what else "the "
    score_text = cells.text(score_h).lower()
    if what == "target" and score_text in TO_BE_CONFIRMED:
        if cells.text(lik_h) or cells.text(imp_h):
            cells.problem(score_h, "A target to be confirmed has no likelihood or impact")
            return None
        return {"likelihood": None, "impact": None, "score_given": None}
    errors = len(cells.row.errors)
    lik = _number(cells, lik_h, f"{label}likelihood")
    imp = _number(cells, imp_h, f"{label}impact")
    given = _number(cells, score_h, f"{label}score")
    if len(cells.row.errors) > errors:
        return None
    if matrix.score_only:
        return _score_only(cells, matrix, headings, lik, imp, given, label, required)
    top_l, top_i = len(matrix.likelihood_levels), len(matrix.impact_levels)
    if lik is None and imp is None:
        if given is not None:
            cells.problem(
                lik_h,
                f"This register records likelihood × impact: give {label}likelihood and impact",
            )
            return None
        if required:
            cells.problem(lik_h, f"Enter {label}likelihood and impact")
            return None
        return {"likelihood": None, "impact": None, "score_given": None}
    if lik is None or imp is None:
        missing = lik_h if lik is None else imp_h
        cells.problem(missing, f"Enter {label}{missing.split()[-1]} too")
        return None
    if not 1 <= lik <= top_l:
        cells.problem(lik_h, f"Choose a likelihood from 1 to {top_l}")
        return None
    if not 1 <= imp <= top_i:
        cells.problem(imp_h, f"Choose an impact from 1 to {top_i}")
        return None
    if given is not None and given != lik * imp:
        cells.problem(
            score_h,
            f"The score {given} is not likelihood {lik} × impact {imp}, which is {lik * imp}",
        )
        return None
    return {"likelihood": lik, "impact": imp, "score_given": None}


def _score_only(cells, matrix, headings, lik, imp, given, label, required) -> dict | None:
    lik_h, _, score_h = headings
    if lik is not None or imp is not None:
        cells.problem(
            lik_h, "This register records a score only: leave likelihood and impact empty"
        )
        return None
    if given is None:
        if required:
            cells.problem(score_h, f"Enter {label}score")
            return None
        return {"likelihood": None, "impact": None, "score_given": None}
    if not 1 <= given <= matrix.top_score:
        cells.problem(score_h, f"Give a score from 1 to {matrix.top_score}")
        return None
    return {"likelihood": None, "impact": None, "score_given": given}


def _number(cells, heading: str, what: str) -> int | None:
    if not cells.has(heading):
        return None
    try:
        return parse_whole(cells.text(heading), what=what)
    except ValueRefused as error:
        cells.problem(heading, str(error))
        return None
