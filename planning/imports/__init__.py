"""Planning's council-wide imports (core.bulk): the Corporate and Delivery Plans with the
directorates' priorities, and people and roles from an HR export."""

from core.bulk import BulkKind, register

from . import people, plans

PLANS = BulkKind(
    slug="plans",
    title="Corporate and delivery plans",
    summary=(
        "The Corporate Plan's ambitions, each year's Delivery Plan activities and the "
        "directorates' priorities, linked up the golden thread by reference"
    ),
    permission="planning.import_council_plans",
    templates=plans.TEMPLATES,
    optional=plans.OPTIONAL,
    examples=plans.EXAMPLES,
    check=plans.plans_import_check,
    save=plans.plans_import_save,
)

PEOPLE = BulkKind(
    slug="people",
    title="People and roles",
    summary=(
        "People from the HR system, their services, teams and line managers, leavers, and "
        "the roles they hold"
    ),
    permission="planning.import_people",
    templates=people.TEMPLATES,
    optional=people.OPTIONAL,
    examples=people.EXAMPLES,
    check=people.people_import_check,
    save=people.people_import_save,
)


def register_kinds() -> None:
    register(PLANS)
    register(PEOPLE)
