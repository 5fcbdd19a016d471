"""Who may bring a council's risk registers and its recommendation tracker in from their
own workbooks (core.bulk; the kinds live in risk.imports and audit.imports).

The rules, in council terms:

- The recommendation tracker is imported by administrators and performance leads: those
  who record audits and their recommendations.
- Risk registers are imported by administrators and performance leads, into any register;
  and by those who keep a register, into their own only, as they add risks to it: a
  service's head of service and service managers into the service's register, a director
  into the directorate's, Management Board members into the corporate register. A row
  for any other register is named as a problem, and nothing is imported.
"""

from __future__ import annotations

import rules

from .scope import is_administrator, is_performance_lead, scope_for

IMPORT_RISK_REGISTERS = "risk.import_registers"
IMPORT_RECOMMENDATION_TRACKER = "audit.import_tracker"


@rules.predicate
def keeps_a_register(user, register=None) -> bool:
    """Without a register: whether the person keeps any register at all (so may open the
    import); with one (saved or about to be opened), whether they keep that one."""
    scope = scope_for(user)
    if register is None:
        return bool(scope.services or scope.directorates or scope.board)
    if register.level == "service":
        return register.service_id in scope.services
    if register.level == "directorate":
        return register.directorate_id in scope.directorates
    return scope.board


rules.add_perm(IMPORT_RISK_REGISTERS, is_administrator | is_performance_lead | keeps_a_register)
rules.add_perm(IMPORT_RECOMMENDATION_TRACKER, is_administrator | is_performance_lead)
