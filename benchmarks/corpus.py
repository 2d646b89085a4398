"""Realistic synthetic postings for benchmarks: seeded, any size (1k / 10k / 100k).

Each posting has what real boards carry: a title (level, discipline, specialty), a company, one to three
US locations with state codes, onsite / hybrid / remote, skills, an eligibility sentence (sponsorship,
work authorisation, clearance, student status), pay, and several sections of prose. Product and team names
are made-up words, so the vocabulary has the long tail a real corpus has rather than a few hundred words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Location,
    Pay,
    Posting,
    Section,
    Source,
    Sponsorship,
    Workplace,
)

CITIES: list[tuple[str, str]] = [
    ("New York", "NY"),
    ("Brooklyn", "NY"),
    ("San Francisco", "CA"),
    ("Mountain View", "CA"),
    ("Los Angeles", "CA"),
    ("San Diego", "CA"),
    ("Palo Alto", "CA"),
    ("Seattle", "WA"),
    ("Bellevue", "WA"),
    ("Austin", "TX"),
    ("Dallas", "TX"),
    ("Houston", "TX"),
    ("Boston", "MA"),
    ("Cambridge", "MA"),
    ("Chicago", "IL"),
    ("Denver", "CO"),
    ("Boulder", "CO"),
    ("Atlanta", "GA"),
    ("Miami", "FL"),
    ("Raleigh", "NC"),
    ("Durham", "NC"),
    ("Research Triangle Park", "NC"),
    ("Charlotte", "NC"),
    ("Phoenix", "AZ"),
    ("Tempe", "AZ"),
    ("Portland", "OR"),
    ("Salt Lake City", "UT"),
    ("Pittsburgh", "PA"),
    ("Philadelphia", "PA"),
    ("Washington", "DC"),
    ("Arlington", "VA"),
    ("Columbus", "OH"),
    ("Indianapolis", "IN"),
    ("Minneapolis", "MN"),
    ("Detroit", "MI"),
    ("Nashville", "TN"),
    ("Madison", "WI"),
    ("Boise", "ID"),
    ("Jersey City", "NJ"),
    ("Baltimore", "MD"),
]
LEVELS = ["", "Senior ", "Staff ", "Principal ", "Junior ", "Lead ", "", "Senior "]
DISCIPLINES = [
    "Software Engineer",
    "Backend Engineer",
    "Front End Engineer",
    "Full Stack Developer",
    "Data Scientist",
    "Data Engineer",
    "Machine Learning Engineer",
    "Site Reliability Engineer",
    "DevOps Engineer",
    "Product Manager",
    "Product Designer",
    "Security Engineer",
    "Mobile Engineer",
    "QA Engineer",
    "Solutions Architect",
    "Technical Program Manager",
    "Research Scientist",
    "Analytics Engineer",
    "Embedded Software Engineer",
    "Platform Engineer",
]
SPECIALTIES = [
    "",
    "",
    ", Payments",
    ", Infrastructure",
    ", Growth",
    ", Search",
    ", Identity",
    ", Developer Tools",
    " - Platform",
    " - Ads",
    ", Risk",
    ", Data Platform",
    " (Compilers)",
    ", Observability",
    ", Billing",
]
SKILLS = [
    "Python",
    "Java",
    "Go",
    "Rust",
    "C++",
    "C#",
    ".NET",
    "Node.js",
    "TypeScript",
    "JavaScript",
    "React",
    "Kotlin",
    "Swift",
    "Scala",
    "Ruby on Rails",
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kafka",
    "Spark",
    "Airflow",
    "Snowflake",
    "dbt",
    "AWS",
    "GCP",
    "Azure",
    "Kubernetes",
    "Docker",
    "Terraform",
    "GraphQL",
    "gRPC",
    "PyTorch",
    "TensorFlow",
    "SQL",
    "Linux",
    "Elasticsearch",
    "Figma",
    "Tableau",
    "CI/CD",
    "C",
]
COMPANY_HEADS = [
    "Acme",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Vandelay",
    "Wonka",
    "Tyrell",
    "Soylent",
    "Aperture",
    "Oscorp",
    "Pied",
    "Massive",
    "Blue",
    "Silver",
    "Bright",
    "Quantum",
    "Harbor",
    "Summit",
    "Cedar",
    "Lumen",
    "Vertex",
    "Atlas",
    "Nimbus",
    "Polar",
    "Crimson",
]
COMPANY_TAILS = ["", " Labs", " Systems", " Health", " Robotics", " Financial", " AI", " Analytics", " Inc."]
SYLLABLES = [
    "ka",
    "zo",
    "ri",
    "mex",
    "lu",
    "tra",
    "von",
    "qui",
    "sel",
    "dar",
    "nix",
    "po",
    "bel",
    "fen",
    "gor",
    "yu",
    "ash",
    "tem",
    "vio",
    "cru",
    "len",
    "sta",
    "mo",
    "ple",
]

DUTIES = [
    "Design, build and operate {skill} services that handle {n} million requests a day.",
    "Own the {product} {area} roadmap end to end, from discovery to launch.",
    "Partner with product, design and data science to ship features for {product} customers.",
    "Write clean, well-tested code in {skill} and {skill2}, and review your teammates' changes.",
    "Improve the reliability, latency and cost of our {area} systems on {cloud}.",
    "Mentor engineers and help grow a team that values craft and kindness.",
    "Lead technical design reviews and write clear design documents.",
    "Build data pipelines with {skill} and {skill2} feeding the {product} analytics warehouse.",
    "Participate in an on-call rotation for {product} with a healthy follow-the-sun schedule.",
    "Prototype new {area} experiences and measure their impact with A/B tests.",
]
REQS = [
    "{years}+ years of professional experience with {skill}.",
    "Strong knowledge of {skill} and {skill2}; experience with {skill3} is a plus.",
    "Bachelor's degree in Computer Science or a related field, or equivalent practical experience.",
    "Experience building distributed systems at scale on {cloud}.",
    "Excellent written and verbal communication skills.",
    "Comfort working in a fast-moving environment with ambiguity.",
    "Experience with back end services, APIs and relational databases such as {db}.",
    "Familiarity with front end frameworks such as React or Vue.js.",
]
NICE = [
    "Experience with {skill} in production.",
    "Contributions to open source projects.",
    "A Master's degree or PhD in a quantitative field.",
    "Background in {area} or {area2}.",
]
ELIGIBILITY = [
    ("We are able to sponsor visas for this role, including H-1B transfers.", Sponsorship.OFFERED),
    ("Visa sponsorship is available for exceptional candidates.", Sponsorship.OFFERED),
    (
        "We are unable to sponsor or take over sponsorship of an employment visa at this time.",
        Sponsorship.NOT_OFFERED,
    ),
    (
        "Applicants must be authorized to work in the United States without current or future sponsorship.",
        Sponsorship.NOT_OFFERED,
    ),
    (
        "This role requires U.S. citizenship and the ability to obtain a security clearance.",
        Sponsorship.NOT_OFFERED,
    ),
    ("", Sponsorship.NOT_STATED),
    ("", Sponsorship.NOT_STATED),
]
BENEFITS = [
    "Comprehensive medical, dental and vision coverage for you and your dependents.",
    "401(k) with a company match and flexible paid time off.",
    "A yearly learning budget and a home office stipend.",
    "Paid parental leave and family planning support.",
    "Commuter benefits and catered lunches in our {city} office.",
]
ABOUT = [
    "{company} builds {product}, the {area} platform trusted by {n},000 teams.",
    "At {company} we are on a mission to make {area} simple for everyone.",
    "{company} is a {stage} company backed by leading investors, building {product} and {product2}.",
]
AREAS = [
    "payments",
    "logistics",
    "healthcare",
    "security",
    "observability",
    "search",
    "advertising",
    "identity",
    "climate",
    "education",
    "robotics",
    "commerce",
    "analytics",
    "developer tooling",
]
CLOUDS = ["AWS", "GCP", "Azure", "Kubernetes"]
DBS = ["PostgreSQL", "MySQL", "DynamoDB", "Cassandra"]
STAGES = ["Series A", "Series B", "Series C", "public", "bootstrapped"]


@dataclass(frozen=True)
class Company:
    name: str
    products: tuple[str, ...]
    area: str
    stage: str


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _companies(rng: random.Random, n: int) -> list[Company]:
    out: list[Company] = []
    seen: set[str] = set()
    while len(out) < n:
        head = rng.choice(COMPANY_HEADS) if rng.random() < 0.5 else _word(rng).capitalize()
        name = head + rng.choice(COMPANY_TAILS)
        if name in seen:
            continue
        seen.add(name)
        products = tuple(_word(rng).capitalize() for _ in range(rng.randint(1, 3)))
        out.append(Company(name, products, rng.choice(AREAS), rng.choice(STAGES)))
    return out


def _fill(rng: random.Random, template: str, company: Company, city: str) -> str:
    skills = rng.sample(SKILLS, 3)
    return template.format(
        skill=skills[0],
        skill2=skills[1],
        skill3=skills[2],
        product=rng.choice(company.products),
        product2=rng.choice(company.products),
        area=company.area,
        area2=rng.choice(AREAS),
        cloud=rng.choice(CLOUDS),
        db=rng.choice(DBS),
        n=rng.randint(2, 90),
        years=rng.randint(1, 10),
        company=company.name,
        city=city,
        stage=company.stage,
    )


def make_posting(rng: random.Random, i: int, company: Company, today: date) -> Posting:
    kind = rng.random()
    employment = (
        [EmploymentType.INTERN]
        if kind < 0.15
        else [EmploymentType.FULL_TIME]
        if kind < 0.95
        else [EmploymentType.CONTRACTOR]
    )
    discipline = rng.choice(DISCIPLINES)
    if employment == [EmploymentType.INTERN]:
        title = f"{discipline} Intern{rng.choice(['', ' - Summer 2026', ' (Fall 2026)'])}"
    elif rng.random() < 0.08:
        title = f"New Grad {discipline}"
    else:
        title = f"{rng.choice(LEVELS)}{discipline}{rng.choice(SPECIALTIES)}"
    places = rng.sample(CITIES, rng.choice([1, 1, 1, 2, 3]))
    workplace = rng.choice([Workplace.ONSITE, Workplace.HYBRID, Workplace.REMOTE, Workplace.HYBRID])
    locations = [Location(text=f"{c}, {s}", city=c, region=s, country="US") for c, s in places]
    remote_regions: list[str] = []
    if workplace is Workplace.REMOTE:
        locations.append(Location(text="Remote (US)", country="US", remote=True))
        remote_regions = ["US"]
    city = places[0][0]
    elig_text, sponsorship = rng.choice(ELIGIBILITY)
    low = rng.randrange(60, 220) * 1000
    pay = Pay(min=low, max=low + rng.randrange(20, 80) * 1000, currency="USD", unit="YEAR")
    if employment == [EmploymentType.INTERN]:
        pay = Pay(min=rng.randrange(25, 60), max=None, currency="USD", unit="HOUR")
    pay.text = f"${pay.min:,.0f} - ${pay.max:,.0f} per year" if pay.max else f"${pay.min:,.0f} per hour"
    where = {
        Workplace.REMOTE: "This role is fully remote within the United States.",
        Workplace.HYBRID: f"This is a hybrid role: three days a week in our {city} office.",
        Workplace.ONSITE: f"This role is on-site in {city}.",
    }[workplace]
    sections = [
        Section(heading="About us", passages=[_fill(rng, t, company, city) for t in rng.sample(ABOUT, 2)]),
        Section(
            heading="What you'll do",
            passages=[_fill(rng, t, company, city) for t in rng.sample(DUTIES, rng.randint(4, 7))],
        ),
        Section(
            heading="What you'll bring",
            passages=[_fill(rng, t, company, city) for t in rng.sample(REQS, rng.randint(3, 6))],
        ),
        Section(
            heading="Nice to have",
            passages=[_fill(rng, t, company, city) for t in rng.sample(NICE, rng.randint(1, 3))],
        ),
        Section(heading="Location", passages=[where]),
        Section(
            heading="Compensation",
            passages=[f"The base pay range for this role is {pay.text}, plus equity and benefits."],
        ),
        Section(
            heading="Benefits",
            passages=[_fill(rng, t, company, city) for t in rng.sample(BENEFITS, rng.randint(2, 4))],
        ),
    ]
    if elig_text:
        sections.append(Section(heading="Eligibility", passages=[elig_text]))
    if employment == [EmploymentType.INTERN]:
        sections[-1].passages.append("You must be enrolled in a degree program graduating in 2026 or 2027.")
    posted = today - timedelta(days=rng.randint(0, 120))
    return Posting(
        id=f"synthetic-{i}",
        title=title,
        company=company.name,
        locations=locations,
        workplace=workplace,
        remote_regions=remote_regions,
        employment_type=employment,
        job_id=f"R{rng.randint(10000, 99999)}",
        url=f"https://jobs.example.com/{company.name.split()[0].lower()}/{i}",
        date_posted=posted,
        valid_through=posted + timedelta(days=rng.choice([30, 60, 90])) if rng.random() < 0.3 else None,
        pay=pay,
        eligibility=Eligibility(sponsorship=sponsorship),
        sections=sections,
        source=Source(format="synthetic"),
    )


def generate(n: int, *, seed: int = 0, today: date = date(2026, 6, 1)) -> list[Posting]:
    """``n`` postings from ``max(5, n // 25)`` companies, identical for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    companies = _companies(rng, max(5, n // 25))
    return [make_posting(rng, i, rng.choice(companies), today) for i in range(n)]


QUESTION_TEMPLATES = [
    "Does the {title} role at {company} sponsor visas?",
    "What's the pay for the {title} position at {company}?",
    "Is {company}'s {title} job remote?",
    "Where is the {title} at {company} based?",
    "What skills does {company} want for {title}?",
    "Any {skill} jobs in {city}?",
    "remote {skill} roles",
    "Which internships are in {city}?",
    "new grad roles in {state} that sponsor visas?",
    "anything in {state}?",
    "hybrid {discipline} jobs near {city}",
    "Do I need a degree for the {company} {discipline} role?",
    "{discipline} at {company}",
    "Is there a back end role using {skill} and {skill2}?",
    "what does {company} do",
    "jobs that require U.S. citizenship or clearance",
]


def questions(postings: list[Posting], n: int, *, seed: int = 1) -> list[str]:
    """``n`` varied questions about the corpus (its titles, companies, places) in candidates' words."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        p = rng.choice(postings)
        city, state = rng.choice(CITIES)
        skills = rng.sample(SKILLS, 2)
        out.append(
            QUESTION_TEMPLATES[i % len(QUESTION_TEMPLATES)].format(
                title=p.title,
                company=p.company,
                skill=skills[0],
                skill2=skills[1],
                city=city,
                state=state,
                discipline=rng.choice(DISCIPLINES),
            )
        )
    return out


def markdown_file(posting: Posting, *, front_matter: str = "json") -> str:
    """One posting as a knowledge-dir Markdown file: front matter (JSON or YAML) + a Markdown body.

    Only what a person or an export would write goes into the front matter (no eligibility: the loader
    extracts it from the body, as it does for real files), so loading exercises the whole reader.
    """
    import json

    import yaml

    fields: dict[str, object] = {
        "id": posting.id,
        "title": posting.title,
        "company": posting.company,
        "locations": [loc.text for loc in posting.locations],
        "workplace": posting.workplace.value,
        "employment_type": [t.value for t in posting.employment_type],
        "job_id": posting.job_id,
        "url": posting.url,
        "date_posted": posting.date_posted.isoformat() if posting.date_posted else None,
        "valid_through": posting.valid_through.isoformat() if posting.valid_through else None,
        "pay": posting.pay.text if posting.pay else None,
    }
    fields = {k: v for k, v in fields.items() if v not in (None, [])}
    if front_matter == "json":
        head = json.dumps(fields, ensure_ascii=False)
    elif front_matter == "yaml":
        head = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True).rstrip("\n")
    else:
        raise ValueError(f"front_matter must be 'json' or 'yaml', not {front_matter!r}")
    body: list[str] = []
    for section in posting.sections:
        body.append(f"## {section.heading}\n")
        bullets = len(section.passages) > 2
        body.append("\n".join(f"- {p}" for p in section.passages) if bullets else " ".join(section.passages))
        body.append("")
    return f"---\n{head}\n---\n\n" + "\n".join(body)


def write_markdown(
    postings: list[Posting], directory: Path, *, front_matter: str = "json", per_dir: int = 1000
) -> list[Path]:
    """Write each posting as ``<directory>/<batch>/<id>.md`` (``per_dir`` files a folder, as a large
    employer's export would shard them). Returns the paths, in posting order."""
    paths: list[Path] = []
    for i, posting in enumerate(postings):
        folder = directory / f"{i // per_dir:04d}"
        if i % per_dir == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{posting.id}.md"
        path.write_text(markdown_file(posting, front_matter=front_matter), encoding="utf-8")
        paths.append(path)
    return paths
