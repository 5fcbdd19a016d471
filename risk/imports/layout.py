"""The sheets and columns of a council's risk register workbook (the rules are in
risk.imports)."""

RISKS, ACTIONS, REVIEWS = "Risks", "Further actions", "Reviews"
TEMPLATES = {
    RISKS: ("register", "reference", "risk", "owner"),
    ACTIONS: ("risk reference", "action", "owner"),
    REVIEWS: ("risk reference", "review date"),
}
SCORE_HEADINGS = tuple(
    f"{kind} {part}"
    for kind in ("inherent", "current", "target")
    for part in ("likelihood", "impact", "score")
)
OPTIONAL = {
    RISKS: (
        "category",
        "cause",
        "consequence",
        *SCORE_HEADINGS[:3],
        "existing controls",
        *SCORE_HEADINGS[3:],
        "target date",
        "treatment",
        "status",
    ),
    ACTIONS: ("register", "due date", "status"),
    REVIEWS: ("register", "quarter", "reviewed by", "likelihood", "impact", "score", "note"),
}
RISK_TEXT = {"risk": "title", "cause": "cause", "consequence": "consequence"}
RISK_TEXT |= {"existing controls": "controls"}
FIELD_WORDS = {
    "title": "risk",
    "controls": "existing controls",
    "owner_id": "owner",
    "target_to_be_confirmed": "target score",
    "description": "action",
    "due_date": "due date",
    "reviewed_on": "review date",
    "reviewed_by_id": "reviewed by",
    "commentary": "note",
    "score_given": "score",
}
