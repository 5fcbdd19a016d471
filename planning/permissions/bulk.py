"""Who may bring a council's data in through the bulk imports, and see an import's run.

- Each kind of import has its own permission (core.bulk.BulkKind.permission), decided here:
  the indicator library is imported by administrators and performance leads, who look
  after the council's library as a whole.
- The "Bring data in" pages are for anyone who may import at least one kind.
- An import run (its progress, dry run and result) is seen only by the person who started
  it and by administrators; to anyone else it does not exist (404).
"""

import rules
from django.http import Http404

from core import bulk

from .scope import is_administrator, is_performance_lead

rules.add_perm("performance.import_indicator_library", is_administrator | is_performance_lead)


@rules.predicate
def may_import_some_kind(user) -> bool:
    return bool(bulk.kinds_for(user))


rules.add_perm("planning.bring_data_in", may_import_some_kind)


def get_import_run_for_user(user, pk: int, *, queryset):
    """The import run, if it is this person's (or they are an administrator); else 404."""
    run = queryset.filter(pk=pk).first()
    if run is None or not (run.started_by_id == user.pk or is_administrator(user)):
        raise Http404("No such import")
    return run
