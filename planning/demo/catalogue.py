"""The invented Borough of Elmbridge Vale: its directorates, areas, portfolios and services.

Every name here is made up for the demonstration. Services are listed in the order the
small demo takes them: the small council is the first few services of each directorate,
the whole council is all of them, so a larger seed only ever adds to a smaller one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceEntry:
    """One service: its code (also the prefix of its action references), name and the
    main things it delivers (teams and action titles are built from these)."""

    code: str
    name: str
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class DirectorateEntry:
    code: str
    prefix: str
    name: str
    areas: tuple[str, ...]
    portfolio: str
    services: tuple[ServiceEntry, ...]


def _services(table: str) -> tuple[ServiceEntry, ...]:
    """Read a table of services: `code | name` on one line, its subjects (separated by
    semicolons) indented on the next."""
    lines = table.strip().splitlines()
    entries = []
    for header, subjects in zip(lines[::2], lines[1::2], strict=True):
        code, name = (part.strip() for part in header.split("|"))
        entries.append(
            ServiceEntry(code=code, name=name, subjects=tuple(subjects.strip().split("; ")))
        )
    return tuple(entries)


PORTFOLIOS = (
    "People Services",
    "Children and Young People",
    "Place and Communities",
    "Corporate Services",
)

ADULTS_HEALTH_SERVICES = """
asa | Adult Social Care Assessment
    care assessment; care review; hospital discharge; occupational therapy
rea | Reablement and Homecare
    reablement; homecare; telecare; short-term support
phl | Public Health
    health check; stop smoking; healthy weight; sexual health
saf | Adult Safeguarding
    safeguarding enquiry; liberty protection; self-neglect; multi-agency safeguarding
lda | Learning Disability and Autism
    supported living; day opportunities; transition planning; autism support
mhs | Mental Health Social Work
    community mental health; crisis support; recovery planning; approved mental health professional
car | Carers Support
    carers assessment; carers break; young carers; carers information
drg | Drug and Alcohol Services
    drug treatment; alcohol support; recovery housing; harm reduction
acm | Adult Commissioning
    care home placement; homecare framework; market sustainability; extra care housing
fas | Financial Assessment and Direct Payments
    financial assessment; direct payment; deferred payment; client billing
eqp | Equipment and Adaptations
    community equipment; disabled facilities grant; home adaptation; sensory support
prv | Prevention and Wellbeing
    social prescribing; falls prevention; community wellbeing; loneliness support
cqa | Care Quality Assurance
    provider quality; contract monitoring; care home support; quality improvement
"""

CHILDREN_FAMILIES_SERVICES = """
csw | Children's Social Work
    child in need; child protection; court work; family time
sen | Special Educational Needs
    EHC plan; SEN transport; SEN placement; SEN annual review
ehp | Early Help
    early help assessment; family hub; parenting support; family support
cic | Children in Care
    foster placement; placement sufficiency; care planning; residential care
lvc | Leaving Care
    pathway plan; care leaver accommodation; staying put; personal adviser
fos | Fostering Service
    foster carer recruitment; foster carer training; kinship care; fostering panel
adp | Adoption and Permanence
    adoption; special guardianship; permanence planning; life story work
sch | School Admissions and Place Planning
    school admissions; school place planning; in-year admission; admission appeals
inc | Inclusion and Attendance
    school attendance; exclusion prevention; elective home education; alternative provision
yjs | Youth Justice
    youth justice; out-of-court disposal; reparation; victim contact
yth | Youth Services
    youth club; detached youth work; youth voice; holiday activities
eyc | Early Years and Childcare
    early years funding; childcare sufficiency; early years quality; two-year-old offer
csp | Children's Safeguarding Partnership
    multi-agency audit; safeguarding training; child death review; partnership learning
"""

PLACE_ENVIRONMENT_SERVICES = """
wst | Waste and Recycling
    kerbside collection; food waste; recycling centre; trade waste
hwy | Highways Maintenance
    pothole repair; resurfacing; street lighting; winter gritting
gsp | Parks and Green Spaces
    parks maintenance; play area; tree management; allotment
stc | Street Cleansing
    street cleansing; fly-tipping; litter enforcement; graffiti removal
trn | Transport Planning
    bus service; active travel; school travel; road safety
prk | Parking Services
    on-street parking; car park; resident permit; parking enforcement
pln | Planning and Development Management
    planning application; planning enforcement; pre-application advice; local plan
bct | Building Control
    building regulation; dangerous structure; building inspection; fire safety compliance
enh | Environmental Health
    food hygiene; noise nuisance; pest control; air quality
tsl | Trading Standards and Licensing
    trading standards; taxi licensing; premises licensing; scams prevention
clm | Climate and Sustainability
    carbon reduction; fleet decarbonisation; home energy retrofit; biodiversity
fld | Flood and Drainage
    flood risk; highway drainage; sustainable drainage; flood warning
ber | Bereavement Services
    cemetery; crematorium; burial record; memorial safety
"""

RESOURCES_SERVICES = """
fin | Financial Planning
    budget setting; medium-term financial plan; capital programme; treasury management
cus | Customer Services
    contact centre; online account; complaints handling; face-to-face service
rev | Revenues
    council tax collection; business rates; council tax support; debt recovery
ict | Digital and ICT
    cyber security; device refresh; network; cloud migration
ben | Benefits
    housing benefit; discretionary housing payment; household support; benefit overpayment
prc | Procurement
    procurement pipeline; contract register; social value; supplier management
hro | Human Resources
    recruitment; sickness absence; workforce planning; apprenticeship
acc | Corporate Accountancy
    statement of accounts; bank reconciliation; VAT compliance; grant claim
pay | Payroll and Pensions
    payroll; pension administration; expenses; HR system
leg | Legal Services
    legal casework; contract advice; childcare legal; property legal
dem | Democratic Services
    committee administration; member development; scrutiny support; councillor casework
ele | Electoral Services
    electoral registration; polling district; election delivery; annual canvass
prp | Property and Estates
    asset management; building maintenance; lease management; facilities management
"""

COMMUNITIES_SERVICES = """
hou | Housing Options
    homelessness prevention; housing register; temporary accommodation; rough sleeping
lib | Libraries
    library membership; digital inclusion; reading programme; mobile library
hse | Private Sector Housing
    HMO licensing; housing condition; empty homes; landlord engagement
lei | Leisure and Sport
    leisure centre; sports development; physical activity; swimming lessons
hdv | Housing Strategy and Delivery
    affordable housing; housing strategy; housing allocation; housing need assessment
art | Arts and Heritage
    museum; heritage site; arts grant; cultural events
csf | Community Safety
    antisocial behaviour; domestic abuse; CCTV; community safety partnership
cen | Community Engagement
    resident engagement; voluntary sector grant; community hub; public consultation
ecd | Economic Development
    business support; inward investment; high street; employment support
reg | Regeneration
    town centre regeneration; regeneration scheme; regeneration funding; public realm
adl | Adult Learning
    adult education; English language course; skills course; family learning
emr | Emergency Planning and Resilience
    emergency plan; rest centre; business continuity; resilience exercise
rgs | Registration Services
    birth registration; citizenship ceremony; marriage ceremony; death registration
"""


DIRECTORATES = (
    DirectorateEntry(
        code="adults-health",
        prefix="AH",
        name="Adults & Health",
        areas=("Adult Social Care Operations", "Commissioning and Public Health"),
        portfolio="People Services",
        services=_services(ADULTS_HEALTH_SERVICES),
    ),
    DirectorateEntry(
        code="children-families",
        prefix="CF",
        name="Children & Families",
        areas=("Children's Social Care", "Education and Inclusion"),
        portfolio="Children and Young People",
        services=_services(CHILDREN_FAMILIES_SERVICES),
    ),
    DirectorateEntry(
        code="place-environment",
        prefix="PE",
        name="Place & Environment",
        areas=("Environment and Neighbourhoods", "Highways and Transport"),
        portfolio="Place and Communities",
        services=_services(PLACE_ENVIRONMENT_SERVICES),
    ),
    DirectorateEntry(
        code="resources",
        prefix="RS",
        name="Resources",
        areas=("Corporate Resources",),
        portfolio="Corporate Services",
        services=_services(RESOURCES_SERVICES),
    ),
    DirectorateEntry(
        code="communities",
        prefix="CM",
        name="Communities",
        areas=("Housing", "Culture and Communities"),
        portfolio="Place and Communities",
        services=_services(COMMUNITIES_SERVICES),
    ),
)

# How many services of each directorate the small demo takes (12 in all).
SMALL_SERVICES = {
    "adults-health": 3,
    "children-families": 2,
    "place-environment": 3,
    "resources": 2,
    "communities": 2,
}
