"""The top of the invented council's golden thread: the Council Plan's ambitions, the
Delivery Plan's activities and each directorate's priorities.

A few items are deliberately left serving nothing, so that the orphans page has real
findings to show: two delivery activities and two directorate priorities.
"""

from dataclasses import dataclass

CORPORATE_PLAN_TITLE = "Elmbridge Vale Council Plan 2026–2030"


@dataclass(frozen=True)
class AmbitionEntry:
    ref: str
    title: str
    description: str
    success_measures: str


@dataclass(frozen=True)
class ActivityEntry:
    """A Delivery Plan activity; `ambition` is the ref it serves, empty for an orphan."""

    ref: str
    ambition: str
    title: str
    how_measured: str


@dataclass(frozen=True)
class PriorityEntry:
    """A directorate priority; it serves an activity (`D…`), an ambition (`A…`) or,
    when `serves` is empty, nothing."""

    ref: str
    serves: str
    title: str


AMBITIONS = (
    AmbitionEntry(
        "A1",
        "Every child gets the best start in life",
        "Children in Elmbridge Vale grow up safe, healthy and ready to learn, with help "
        "arriving early rather than at crisis point.",
        "More children reach a good level of development at age five. Fewer children enter "
        "care, and those who do live in stable homes close to the borough. The share of care "
        "leavers in education, employment or training is above the national average.",
    ),
    AmbitionEntry(
        "A2",
        "People live healthy, independent lives for longer",
        "Residents stay well and at home for as long as possible, with care that is timely "
        "and built around what matters to them.",
        "Healthy life expectancy in the three most deprived wards rises faster than the "
        "borough average. More people remain at home 91 days after leaving hospital. "
        "Nobody waits more than 28 days for a care assessment.",
    ),
    AmbitionEntry(
        "A3",
        "A clean, green and connected borough",
        "Streets and parks residents are proud of, a council on course for net zero, and "
        "roads and routes that make walking, cycling and buses the easy choice.",
        "The household recycling rate reaches 55%. The council's own carbon emissions halve "
        "against the 2019/20 baseline. Principal roads needing repair fall below 4%.",
    ),
    AmbitionEntry(
        "A4",
        "A thriving local economy with homes people can afford",
        "Good jobs, lively town centres and enough decent, affordable homes for local people.",
        "400 affordable homes are completed over the plan. No family stays in bed and "
        "breakfast for more than six weeks. Town centre vacancy rates fall below 10%.",
    ),
    AmbitionEntry(
        "A5",
        "A well-run council that listens and spends wisely",
        "A council that balances its books, makes it easy to get things done online and "
        "acts on what residents tell it.",
        "A balanced budget every year with no unplanned use of reserves. 80% of common "
        "transactions completed online. 90% of complaints answered within the published "
        "timescale.",
    ),
)

ACTIVITIES = (
    ActivityEntry("D1.1", "A1", "Open a family hub in each of the four localities",
                  "Hubs open on schedule; families using a hub each quarter"),
    ActivityEntry("D1.2", "A1", "Recruit more foster carers who live in the borough",
                  "Net gain in approved foster carers; children placed within 20 miles"),
    ActivityEntry("D1.3", "A1", "Issue education, health and care plans within 20 weeks",
                  "Share of new plans issued within 20 weeks, monthly"),
    ActivityEntry("D1.4", "A1", "Bring persistently absent pupils back into school",
                  "Persistent absence rate by term against the previous year"),
    ActivityEntry("D2.1", "A2", "Expand reablement so more people return home from hospital",
                  "People at home 91 days after discharge; reablement hours delivered"),
    ActivityEntry("D2.2", "A2", "Clear the waiting list for care assessments",
                  "People waiting and the longest wait, reported monthly"),
    ActivityEntry("D2.3", "A2", "Run a borough-wide falls prevention programme",
                  "Falls-related hospital admissions of people aged 65 and over"),
    ActivityEntry("D2.4", "A2", "Give unpaid carers breaks and advice when they need them",
                  "Carers assessed; carers reporting they feel supported"),
    ActivityEntry("D2.5", "A2", "Raise take-up of health checks in the most deprived wards",
                  "Health checks completed by ward against eligible population"),
    ActivityEntry("D3.1", "A3", "Introduce weekly food waste collections for every household",
                  "Households served; tonnes of food waste collected; recycling rate"),
    ActivityEntry("D3.2", "A3", "Cut the council's own carbon emissions",
                  "Tonnes of CO2e from buildings and fleet against the baseline"),
    ActivityEntry("D3.3", "A3", "Improve the condition of roads and footways",
                  "Road condition survey results; repairs made within target time"),
    ActivityEntry("D3.4", "A3", "Build safe walking and cycling routes to schools",
                  "Kilometres of route completed; pupils travelling actively"),
    ActivityEntry("D4.1", "A4", "Enable 100 new affordable homes a year",
                  "Affordable homes started and completed, quarterly"),
    ActivityEntry("D4.2", "A4", "Prevent homelessness and end bed and breakfast use for families",
                  "Households prevented from homelessness; families in B&B over six weeks"),
    ActivityEntry("D4.3", "A4", "Bring empty shops in Harrowfield and Coldmere back into use",
                  "Town centre vacancy rate; footfall counts"),
    ActivityEntry("D4.4", "A4", "Help residents into work through skills and employment support",
                  "Residents supported into work or training"),
    ActivityEntry("D5.1", "A5", "Deliver the agreed savings on time to balance the budget",
                  "Savings delivered against plan; forecast outturn against budget"),
    ActivityEntry("D5.2", "A5", "Move the most common council transactions online",
                  "Share of transactions completed online"),
    ActivityEntry("D5.3", "A5", "Answer complaints within the published timescales",
                  "Complaints answered on time; upheld complaints and lessons learned"),
    ActivityEntry("D5.4", "A5", "Reduce sickness absence and reliance on agency staff",
                  "Working days lost per employee; agency spend"),
    ActivityEntry("DX.1", "", "Refresh the council's visual identity and signage",
                  "New identity in use across print and web"),
    ActivityEntry("DX.2", "", "Relocate the archive store to the Coldmere depot",
                  "Archive moved and old store released"),
)  # fmt: skip

PRIORITIES = {
    "adults-health": (
        PriorityEntry("AH-P1", "D2.1", "Home first: more people supported home from hospital"),
        PriorityEntry("AH-P2", "D2.2", "No one waits too long for an assessment"),
        PriorityEntry("AH-P3", "D2.3", "Prevention and early support in every neighbourhood"),
        PriorityEntry("AH-P4", "A2", "A sustainable, good-quality care market"),
        PriorityEntry("AH-P5", "D2.5", "Healthier lives in our most deprived wards"),
    ),
    "children-families": (
        PriorityEntry("CF-P1", "D1.1", "Help for families close to home"),
        PriorityEntry("CF-P2", "D1.2", "The right home for every child in care"),
        PriorityEntry("CF-P3", "D1.3", "Timely support for children with special needs"),
        PriorityEntry("CF-P4", "D1.4", "Every child in school, every day"),
        PriorityEntry("CF-P5", "", "Stronger practice through audit and learning"),
    ),
    "place-environment": (
        PriorityEntry("PE-P1", "D3.1", "Less waste, more recycling"),
        PriorityEntry("PE-P2", "D3.2", "A net zero council by 2030"),
        PriorityEntry("PE-P3", "D3.3", "Roads and pavements fit for the future"),
        PriorityEntry("PE-P4", "D3.4", "Active travel and safer streets"),
    ),
    "resources": (
        PriorityEntry("RS-P1", "D5.1", "Financial resilience"),
        PriorityEntry("RS-P2", "D5.2", "Digital by choice"),
        PriorityEntry("RS-P3", "D5.4", "A great place to work"),
        PriorityEntry("RS-P4", "", "Modernise the finance and HR systems"),
    ),
    "communities": (
        PriorityEntry("CM-P1", "D4.2", "Preventing homelessness"),
        PriorityEntry("CM-P2", "D4.1", "More affordable homes"),
        PriorityEntry("CM-P3", "D4.3", "Thriving town centres"),
        PriorityEntry("CM-P4", "D4.4", "Skills for work and life"),
        PriorityEntry("CM-P5", "A4", "Safe, welcoming neighbourhoods"),
    ),
}

# Where a directorate's actions point when they skip the directorate plan and serve the
# Delivery Plan or the Council Plan directly.
DIRECTORATE_AMBITIONS = {
    "adults-health": ("A2",),
    "children-families": ("A1",),
    "place-environment": ("A3",),
    "resources": ("A5",),
    "communities": ("A4", "A5"),
}

# Each directorate's key programmes for its plan on a page: (name, programme reference,
# what it will deliver this year).
KEY_PROGRAMMES = {
    "adults-health": (
        ("Home First", "PMO-014", "Discharge-to-assess beds in two more care homes and a "
         "seven-day reablement team."),
        ("Care market sustainability", "PMO-022", "A fair cost of care agreed with providers "
         "and a new framework for home care."),
        ("Neighbourhood prevention hubs", "", "Three hubs open with community connectors."),
    ),
    "children-families": (
        ("Family Hubs", "PMO-031", "Five hubs open, with midwifery and health visiting "
         "on site."),
        ("Sufficiency of homes for children", "PMO-035", "Two small children's homes "
         "registered and 20 more foster carers approved."),
        ("SEND improvement", "PMO-040", "Plans issued within 20 weeks; a new specialist "
         "provision base in the north of the borough."),
    ),
    "place-environment": (
        ("Waste and recycling redesign", "PMO-051", "Weekly food waste collection for "
         "every household from October."),
        ("Net zero council estate", "PMO-055", "Heat pumps in four buildings and LED "
         "street lighting finished."),
        ("Highways asset investment", "", "The five-year resurfacing programme, year two."),
        ("Active travel corridors", "PMO-058", "The Coldmere cycle route built and the "
         "school streets scheme extended to ten schools."),
    ),
    "resources": (
        ("Finance and HR system replacement", "PMO-061", "The new system live for payroll "
         "in April and finance in October."),
        ("Digital front door", "PMO-064", "Twenty most-used services online end to end."),
    ),
    "communities": (
        ("Temporary accommodation reduction", "PMO-071", "Forty fewer households in "
         "bed and breakfast through prevention and leasing."),
        ("Town centre renewal", "PMO-074", "The market hall reopened and three empty "
         "shops brought back into use."),
        ("Affordable homes delivery", "PMO-077", "150 affordable homes started on council land."),
    ),
}  # fmt: skip
