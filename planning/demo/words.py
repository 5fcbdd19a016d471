"""Words the demo builds names and titles from: people's names, action and objective
titles. All invented; any likeness to a real person is chance."""

_FIRST_NAMES = (
    "Aaliyah Abdul Adam Aisha Alfie Alice Amara Amelia Anika Arjun Ava Bethan Callum "
    "Chloe Connor Daniel Deepa Eleanor Elliot Emeka Erin Ewan Fatima Finlay Freya "
    "Gareth Georgia Hamza Hannah Harriet Imogen Isaac Jasmine Jonah Kavita Kieran "
    "Layla Leon Lily Lucas Maisie Marcus Maya Mohammed Nadia Nathan Niamh Oliver "
    "Omar Owen Pippa Priya Rhys Rosa Rowan Ruby Samir Sian Sophie Tariq Tobias "
    "Vikram Yasmin Zara Zoe"
)
FIRST_NAMES = tuple(_FIRST_NAMES.split())

_LAST_NAMES = (
    "Ahmed Ainsworth Akhtar Appleby Ashdown Bancroft Barlow Bhatt Blakemore Brennan "
    "Calloway Chadwick Chowdhury Clifton Corrigan Dalby Desai Doherty Eastwood Ellery "
    "Fairbairn Fenwick Fletcher Garside Gill Greaves Hadley Halloran Hartigan Hollis "
    "Hussain Iqbal Jarvis Kaur Kenward Kettle Lambourne Latham Lindqvist Lowther "
    "Mahmood Marsden McAllister Mensah Merriman Nair Nightingale Okafor Oldroyd "
    "Osei Pattinson Pemberton Quayle Rahman Ravenscroft Redfern Rowntree Sadler "
    "Sandhu Sherwood Singh Stainton Sutcliffe Thackeray Thornbury Trevelyan Varley "
    "Wadsworth Whitfield Winstanley Yardley"
)
LAST_NAMES = tuple(_LAST_NAMES.split())

# Tangible deliverables a service might commit to; `{s}` is one of the service's subjects.
ACTION_TEMPLATES = (
    "Publish a revised {s} policy",
    "Launch online self-service for {s}",
    "Survey residents on {s} and publish the results",
    "Publish new {s} service standards",
    "Move {s} casework onto the new case management system",
    "Deliver a training programme for {s} staff",
    "Clear the {s} backlog to under four weeks",
    "Complete an equality impact assessment of {s}",
    "Introduce a monthly {s} performance dashboard",
    "Redesign the {s} customer journey",
    "Agree a joint {s} protocol with partner agencies",
    "Deliver the agreed {s} savings",
    "Pilot a locality-based model for {s}",
    "Complete a data quality audit of {s} records",
    "Publish the {s} improvement plan",
    "Fill vacant {s} posts and cut agency spend",
    "Test the {s} business continuity plan",
    "Recommission {s} provision",
    "Commission an independent review of {s}",
    "Set up a residents' panel on {s}",
    "Implement the internal audit recommendations on {s}",
    "Refresh the {s} risk assessments and controls",
    "Rewrite {s} web pages in plain English",
    "Simplify {s} forms and cut processing time",
    "Roll out mobile working for {s} officers",
)

ACTION_DESCRIPTIONS = (
    "Scope agreed with the head of service in the first quarter; delivered in stages "
    "with progress reported each quarter.",
    "Funded from the existing service budget. Success is a measurable improvement for "
    "residents, reported to the directorate management team.",
    "Carried over in part from last year's plan; the remaining work is set out in the milestones.",
    "Depends on the corporate ICT roadmap; the lead officer will flag any slippage early.",
)

# How a member of staff contributes to an action; `{ref}` and `{task}` come from it.
OBJECTIVE_TEMPLATES = (
    "Lead the project plan for {ref}: {task}",
    "Deliver my agreed tasks on {ref}: {task}",
    "Gather the evidence base for {ref}: {task}",
    "Coordinate partner engagement for {ref}: {task}",
    "Track and report progress each month on {ref}: {task}",
    "Test the new arrangements for {ref}: {task}",
)

PRIORITY_OBJECTIVE_TEMPLATE = "Champion the directorate priority '{title}' in my team"

# Personal development objectives that serve nothing up the thread: the orphans a
# performance lead would ask about.
DEVELOPMENT_OBJECTIVES = (
    "Complete the coaching skills course",
    "Shadow a colleague in another service for two days",
    "Complete the first-line management programme",
    "Build my skills in data analysis with spreadsheets",
    "Complete the report-writing workshop",
)

STAFF_TITLES = (
    "Officer",
    "Senior Officer",
    "Practitioner",
    "Senior Practitioner",
    "Adviser",
    "Coordinator",
    "Support Officer",
    "Assistant",
    "Apprentice",
)

# --- the delivery plan section -----------------------------------------------------

IMPACT_TEMPLATES = [
    "Residents find {s} easier to use and rate it more highly",
    "More people get the right {s} first time",
    "{s} costs less to run without losing quality",
    "Fewer complaints about {s}, and faster answers to those we get",
    "{s} is greener: lower carbon and less waste",
]

MILESTONE_TEMPLATES = [
    "Business case agreed",
    "Supplier appointed",
    "Pilot running in one area",
    "Staff trained",
    "Go-live",
    "Review of the first three months",
]

GREEN_COMMENTARY = [
    "On track against the milestones set at the start of the year.",
    "Work progressing as planned; no issues to report.",
    "Pilot results are encouraging and roll-out continues to plan.",
]

AMBER_COMMENTARY = [
    "Procurement has taken longer than planned; the timetable can still be met if the "
    "contract is awarded this month.",
    "Two vacancies in the team have slowed progress; agency cover is being arranged.",
    "Costs are running above the estimate; savings elsewhere in the project are being looked at.",
]

RED_COMMENTARY = [
    "The preferred supplier withdrew and the work cannot finish by the due date.",
    "The data system this depends on will not be ready this year.",
    "Funding expected from a partner has not been confirmed, so the work has stopped.",
]

RECOVERY_ACTIONS = [
    "Re-tender through the regional framework, with a revised plan to the directorate "
    "management team next month.",
    "Agree a phased delivery with the first phase by year end and the rest in the next plan.",
    "Escalated to the director; a decision on bridging funding is due at the next board.",
]

REVISION_REASONS = [
    "The contractor's programme slipped after a delay in getting planning consent.",
    "Resident consultation was extended at the request of ward members.",
    "Dependent on a corporate system upgrade that has moved to a later date.",
]

QA_FEEDBACK = [
    "Several actions are meetings rather than deliverables: please say what each will "
    "produce. Add milestones to the larger actions.",
    "Three actions are not linked up the golden thread; link each to a directorate "
    "priority or delivery plan activity before resubmitting.",
    "The impacts are clear, but the due dates all fall in March: please spread them "
    "through the year so progress can be seen.",
]

# --- self-assessment narratives, by theme ---------------------------------------------

SELF_ASSESSMENT = {
    "leadership": [
        "{service} has a settled management team and a plan staff helped to write. "
        "Decisions go through a monthly board with published notes; the weak spot is "
        "following up actions between meetings.",
        "Leadership changed twice last year. The new head of service has reset priorities "
        "with the team, but partners say they are not yet sure who decides what.",
    ],
    "performance": [
        "Most measures improved on last year, and residents' satisfaction is above the "
        "average for similar councils. Waiting times remain the weakest area.",
        "We know our outputs well but not our outcomes: this year we start following up "
        "a sample of residents six months after they used the service.",
    ],
    "commissioning": [
        "Contracts are monitored quarterly against clear standards. Two providers are on "
        "improvement plans; resident feedback now forms part of every review.",
        "Too much is bought by spot purchase. A framework is planned for the autumn so "
        "that quality can be set and checked in one place.",
    ],
    "partnerships": [
        "New national reporting duties start in the spring and the data team is ready for "
        "them. The partnership with health works well at practitioner level.",
        "Funding changes announced nationally leave a gap next year. Partners share the "
        "concern and a joint bid is being prepared.",
    ],
    "resources": [
        "The budget balanced last year with one-off savings; this year's savings are "
        "named and on track. Recruitment to two specialist posts remains hard.",
        "Agency spending has halved since the team restructure, and sickness is below the "
        "council average. Skills in data analysis are the main gap.",
    ],
    "culture": [
        "Staff surveys show people feel able to raise concerns, and the last two service "
        "changes came from frontline suggestions.",
        "Challenge from scrutiny led us to change the way complaints are handled. Some "
        "teams still wait for problems to be raised from above.",
    ],
    "quality": [
        "Children and families tell us they see the same worker more often than a year ago. "
        "Audits rate most practice as good, with plans that are clearer about what will "
        "change for the child.",
    ],
    "evidence": [
        "Monthly case audits, practice observations and feedback from children in care "
        "council meetings. Audit moderation shows our grading is slightly generous.",
    ],
    "strengths": [
        "Stable, experienced managers; timely visits; good multi-agency work at the front "
        "door, confirmed by partners in the last peer review.",
    ],
    "development": [
        "Pathway planning for older children starts too late. A dedicated team and a new "
        "template are in place from the summer; the head of service reports progress monthly.",
    ],
}

# --- other commitments (title, agreed action) ----------------------------------------

COMMITMENTS = [
    (
        "Strengthen contract management in {service}",
        "Train contract managers and add quarterly contract reviews to the management agenda.",
    ),
    (
        "Publish {service} performance information for residents",
        "Put the main measures on the council's website each quarter.",
    ),
    (
        "Review how {service} records decisions taken under delegation",
        "Adopt the corporate decision record template and audit a sample each half-year.",
    ),
    (
        "Involve service users in redesigning {service}",
        "Set up a residents' panel and report its views to the scrutiny committee.",
    ),
]

# --- assurance ---------------------------------------------------------------------

ASSURANCE_EVIDENCE = {
    "yes": [
        "Checked at the quarterly management meeting; notes on the team site.",
        "Confirmed by the internal audit review this year.",
        "Records kept by the team administrator and sampled each quarter.",
    ],
    "partly": [
        "Most teams comply; two new managers are booked on the training in the spring.",
        "In place but not yet reviewed this year; review booked for next quarter.",
    ],
    "no": [
        "Not in place: an action has been added to the delivery plan to fix it by year end.",
    ],
}

POLICIES = [
    "{service} charging policy",
    "{service} eligibility criteria",
    "Lone working procedure",
    "Complaints and compliments procedure",
    "Records retention schedule",
    "Safeguarding procedure",
]

CONTRACTS = [
    "{s} support services",
    "Case management system licence",
    "{s} specialist provision",
    "Vehicle hire",
]

SUPPLIERS = [
    "Northgate Partnerships Ltd",
    "Riverside Community Trust",
    "Elm Software Ltd",
    "Vale Fleet Services",
    "Brightpath Care CIC",
]

# --- resources ---------------------------------------------------------------------

CAPITAL_SCHEMES = [
    "Replace {s} vehicles with electric ones",
    "Refurbish the {s} base",
    "New case system for {s}",
]

SAVINGS = [
    "Reduce agency spending on {s}",
    "Digital self-service for {s}",
    "Re-tender {s} contracts",
]

STAFFING_ANSWERS = {
    "pressures": [
        "Qualified specialists: neighbouring councils pay more, and two posts have been "
        "advertised three times.",
        "Team leaders: several retire in the next two years and there is no one ready to step up.",
    ],
    "skills": [
        "Data analysis and digital design, to make more of the service online.",
        "Contract management, as more of the service is commissioned.",
    ],
    "changes": [
        "Two small teams merge in the autumn under one manager.",
        "No structural change; a career grade is introduced to help retention.",
    ],
}

DEVELOPMENT_NEEDS = (
    "Confidence chairing meetings with partners; a place on the chairing skills course "
    "and chairing the team meeting from September.",
    "Working with budgets: time with the service accountant each quarter to read the "
    "monitoring report together.",
    "Writing for residents: the plain English workshop, then drafting two web pages.",
    "Project management basics: the one-day course and leading a small piece of work.",
    "Handling difficult conversations: coaching from my manager and the online module.",
)

MID_YEAR_NOTES = (
    "Good progress on both objectives. The second one slipped a month while the team was "
    "short-staffed; agreed a new target date of January.",
    "On track. The course is booked for October; we will look again at the second "
    "objective once the service review reports.",
    "Most of the first objective done early. Agreed to add a stretch objective on "
    "sharing the learning with the wider team.",
    "Behind on the training plan because of the winter pressures work; carried forward "
    "to quarter 3 with support from the team leader.",
)
