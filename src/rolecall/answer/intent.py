"""What a question asks: the intent (location, requirements, eligibility, details, discovery) and facets.

A facet is one specific thing asked ("pay", "sponsorship", "job_id"); a question may ask several ("is it
part time and what does it pay?"). Facets are recognised from the candidate's words with patterns written
for how people ask, not for any particular posting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rolecall.answer.model import Intent


def _re(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?:{a})" for a in alternatives), re.IGNORECASE)


# facet -> (intent it belongs to, question pattern). Order matters only for the primary intent.
FACETS: dict[str, tuple[Intent, re.Pattern[str]]] = {
    "sponsorship": (
        Intent.ELIGIBILITY,
        _re(
            r"\bspons[oe]r",
            r"\bvisas?\b",
            r"\bh-?1b\b",
            r"\bopt\b",
            r"\bcpt\b",
            r"\bf-?1\b",
            r"\bwork permit",
            r"\binternational (?:students?|candidates?|applicants?)",
        ),
    ),
    "citizenship": (
        Intent.ELIGIBILITY,
        _re(r"\bcitizen", r"\bus persons?\b", r"\bgreen card", r"\bnon-?us\b", r"\bpermanent resident"),
    ),
    "work_auth": (
        Intent.ELIGIBILITY,
        _re(r"\bwork authori[sz]", r"\bwork auth\b", r"authori[sz]ed to work", r"right to work"),
    ),
    "clearance": (
        Intent.ELIGIBILITY,
        _re(r"\bclearances?\b", r"\bts/sci\b", r"\btop secret\b", r"\bpolygraph"),
    ),
    "degree": (
        Intent.ELIGIBILITY,
        _re(
            r"\bdegrees?\b",
            r"\bbachelor",
            r"\bmaster'?s\b",
            r"\bph\.?d",
            r"\bdiploma",
            r"\bgrad(?:uate)? students?",
            r"\bcollege\b",
            r"\buniversity\b",
            r"\b(?:a|an|my)\s+(?:bs|ba|ms|ma|bsc|msc|bachelors?|masters?)\b",
        ),
    ),
    "student": (
        Intent.ELIGIBILITY,
        _re(
            r"\bstudents?\b",
            r"\benrolled\b",
            r"\bgraduat",
            r"\bin school\b",
            r"\bclass of\b",
            r"\bnew grads?\b",
        ),
    ),
    "pay": (
        Intent.DETAILS,
        _re(
            r"\bpay\b",
            r"\bpays\b",
            r"\bpaid\b",
            r"\bsalar",
            r"\bcomp\b",
            r"\bcompensation",
            r"\bwages?\b",
            r"\bhourly\b",
            r"\bstipend",
            # "how much" asks the pay only when money is in view ("how much does it make an hour?");
            # "how much PTO / travel / experience?" asks something else.
            r"\bhow much\b(?=.{0,40}\b(?:make|makes|earn|earns|offer|offers|offering|get paid"
            r"|per (?:hour|year)|an hour|a year|annually|hourly|money|comp)\b)",
            r"\bhow much\b\s*\??\s*$",
            r"\bequity\b",
            r"\bcommission",
            r"\bbonus",
            r"\bOTE\b",
            r"\bbase\b.{0,12}\b(?:split|vs|versus|commission|bonus)",
            r"\bbase\b.*\b(?:range|pay)",
            r"\bsalary range",
            r"\bpay range",
            r"\bmoney\b",
        ),
    ),
    "job_id": (
        Intent.DETAILS,
        _re(
            r"\bjob ?id\b",
            r"\breq(?:uisition)? ?(?:id|number|#)",
            r"\bjob (?:number|code|#)",
            r"\breference (?:id|number)",
        ),
    ),
    "date_posted": (
        Intent.DETAILS,
        _re(
            r"\bposted\b",
            r"\bpublished\b",
            r"\bdate posted\b",
            r"\blisted\b",
            r"\bhow old\b",
            r"\bhow new\b",
            r"\bwhen (?:did|was|were|do|does)\b.{0,60}\bpost\b",
            r"\bpost(?:ing)? date\b",
        ),
    ),
    "start_date": (Intent.DETAILS, _re(r"\bstart(?:s|ing)?\b(?! ?up)", r"\bstart date")),
    "deadline": (
        Intent.DETAILS,
        _re(
            r"\bdeadline",
            r"\bclos(?:e|es|ing)\b",
            r"\bapply by\b",
            r"\bexpir",
            r"\blast day\b",
        ),
    ),
    "open_status": (
        Intent.DETAILS,
        _re(
            r"\bstill (?:open|up|live|active|available|hiring|accepting)",
            r"\bis (?:it|this|that|the \w+(?: \w+){0,5}) (?:still )?(?:open|closed|active)\b(?!\s+to\b)",
            r"\bclosed\b",
            r"\bfilled\b",
        ),
    ),
    "apply": (
        Intent.DETAILS,
        _re(
            # "can non-US candidates apply?" asks who may, not how: an eligibility question.
            r"(?<!\bcan )(?<!\bcould )(?<!\bmay )(?<!\bcandidates )(?<!\bapplicants )(?<!\bstudents )"
            r"(?<!\bpeople )(?<!\binterns )(?<!\bgrads )\bapply\b",
            r"\bhow (?:do|can|should) (?:i|we|you) apply\b",
            r"\bapplication\b",
            r"\blink\b",
            r"\burl\b",
            r"\bcontact\b",
            r"\bwho (?:do|should|can) i (?:email|contact|reach|send|message|talk to|write to)",
            r"\bsend (?:my|a|the|your|in)\b.{0,20}\b(?:resume|cv|application)",
            r"\b(?:resume|cv)\b.{0,20}\bto\b",
            r"\breach out\b",
            r"\bhiring manager\b",
            r"\brecruiter\b",
            r"\bemail\b",
        ),
    ),
    # What the job offers beside the pay: time off, insurance, retirement, stipends, leave, equity.
    "travel": (
        Intent.DETAILS,
        _re(r"\btravel(?:s|l?ing|l?ed)?\b", r"\bon the road\b"),
    ),
    "benefits": (
        Intent.DETAILS,
        _re(
            r"\bbenefits?\b",
            r"\bperks?\b",
            r"\bpto\b",
            r"\bvacation",
            r"\bholidays?\b",
            r"\btime off\b",
            r"\bsick (?:days|leave)\b",
            r"\b401\s?\(?k\)?",
            r"\bretirement\b",
            r"\bpension\b",
            # "insurance" alone is as often the industry ("insurance claims analyst roles").
            r"\b(?:health|dental|vision|medical|life|disability)\s+(?:insurance|care|coverage|plans?|benefits)\b",
            r"\binsurance\s+(?:coverage|benefits?|plans?)\b",
            r"\b(?:parental|maternity|paternity|family) leave\b",
            r"\b(?:learning|wellness|education|home office|remote|internet|gym|equipment|lunch) stipend",
        ),
    ),
    # The team's size and the reporting line ("how big is the team", "who would I report to").
    "team": (
        Intent.DETAILS,
        _re(
            r"\bhow (?:big|large|small)\b(?:\s+\w+){0,3}?\s+teams?\b",
            r"\bteams?\b.{0,30}\bhow (?:big|large|small|many)\b",
            r"\bteam size\b",
            r"\bsize of the team\b",
            r"\bhow many (?:people|engineers|devs|developers|employees)\b"
            r"(?=.{0,30}\b(?:team|manage|lead|report|work with|work (?:at|for|there|here)|employ))",
            r"\bhow (?:big|large|small) is (?:the |their |this )?(?:company|startup|org)\b",
            r"\bheadcount\b",
            r"\bhow many (?:direct )?reports\b",
            # "report to the office" is about where, not to whom.
            r"\breport(?:s|ing)? (?:to|into)\b"
            r"(?!\s+(?:the\s+|an?\s+|our\s+)?(?:office|site|work|hq|campus|duty))",
            r"\breporting line\b",
            r"\bdirect reports\b",
            r"\bwho(?:'s| is| would be| will be)? (?:my|the) (?:manager|boss|lead)\b",
        ),
    ),
    # What the job is: "what would I work on", "day to day", "responsibilities".
    "duties": (
        Intent.DETAILS,
        _re(
            # "what would I work on?"; "what do I need to do?" asks the requirements instead.
            r"\bwhat (?:would|will|do|does|am|is)\b(?:(?!\bneed|\brequire|\bhave to\b).){0,40}\b"
            r"(?:work(?:ing)? on|do(?:ing)?|build(?:ing)?|own(?:ing)?)\b(?!\s+to\b)",
            r"\bwhat (?:work|kind of work|sort of work|projects?)\b.{0,30}\b(?:would|will|do|does|am|is)\b",
            r"\bday[- ]to[- ]day\b",
            r"\bday in the life\b",
            r"\bwhat (?:does|would|will) (?:the|this|that|it)\b.{0,40}\binvolve\b",
            r"\bresponsibilit",
            r"\bduties\b",
            r"\b(?:the|a) typical day\b",
            r"\bwhat(?:'s| is) the (?:job|work|role) (?:like|about)\b",
        ),
    ),
    # The level the role is pitched at: "ok for someone junior?", "early career?", "is it senior?".
    "seniority": (
        Intent.ELIGIBILITY,
        _re(
            r"\b(?:ok|okay|good|suitable|fit|open|right|possible)\s+for\s+(?:\w+\s+){0,3}?"
            r"(?:junior|juniors|early|entry|new grads?|fresh|beginners?|seniors?|experienced|mid)",
            r"\bearly[- ](?:in (?:my|their|your|one's) )?career\b",
            r"\bentry[- ]level\s*\?",
            r"\bis (?:it|this|that|the (?:role|job|position))\s+(?:a\s+|an\s+)?"
            r"(?:junior|senior|entry|mid|staff|lead|principal)\b",
            r"\b(?:junior|senior)\s*\?",
            r"\bwhat (?:level|seniority)\b",
            r"\b(?:level|seniority) (?:is|of) (?:it|the|this)\b",
        ),
    ),
    # Asked as a question about the type, not a word describing the role ("their senior engineer contract").
    "employment_type": (
        Intent.DETAILS,
        _re(
            r"\b(?:full|part)[- ]?time\s+or\b",
            r"\bor\s+(?:full|part)[- ]?time\b",
            r"\b(?:contract|permanent|temporary|freelance)\s+or\b",
            r"\bor\s+(?:a\s+)?(?:contract|permanent|temporary|freelance|intern)",
            r"\bis (?:it|this|that|the role|the job|the position) (?:a\s+)?(?:full|part)[- ]?time",
            r"\bis (?:it|this|that) (?:a\s+)?(?:contract|permanent|temporary|freelance)",
            r"\b(?:full|part)[- ]?time\s*\?",
            r"\bemployment type",
            r"\btype of (?:job|role|position|employment|contract)",
            r"\b(?:job|role|position|contract) type\b",
        ),
    ),
    # The working hours or schedule ("how many hours?", "what shift?"), not the pay per hour.
    "hours": (
        Intent.DETAILS,
        _re(
            r"\bhours\b",
            r"\bhrs\b",
            r"\bshifts?\b",
            r"\bschedule\b",
            r"\bweekends?\b",
            r"\bovernight\b",
            r"\bworking (?:days|times)\b",
        ),
    ),
    "term": (Intent.DETAILS, _re(r"\bterms?\b", r"\bsemester", r"\bwhich season", r"\bwhat season")),
    "remote": (
        Intent.LOCATION,
        _re(
            r"\bremote(?:ly)?\b",
            r"\bwfh\b",
            r"\bwork from home\b",
            r"\bhybrid\b",
            r"\bon-?site\b",
            r"\bin[- ]office\b",
            r"\bin the office\b",
            r"\bdistributed\b",
            r"\bfrom anywhere\b",
            r"\brelocat",
            r"\bin[- ]person\b",
            r"\boffice days\b",
            r"\bdays (?:a|per) week\b",
        ),
    ),
    "location": (
        Intent.LOCATION,
        _re(
            r"\bwhere\b",
            r"\blocat",
            r"\blocaitons?\b",
            r"\bbased\b",
            r"\bsites?\b",
            r"\boffices?\b",
            r"\bcit(?:y|ies)\b",
            r"\blive\b",
            r"\bwork from\b",
            r"\bdo it from\b",
            r"\bcountr(?:y|ies)\b",
            r"\bcoast\b",
            r"\btime ?zones?\b",
            r"\bregions?\b",
            r"\bonly in\b",
        ),
    ),
    "languages": (Intent.REQUIREMENTS, _re(r"\bprogramming languages?\b", r"\blanguages?\b")),
    "stack": (
        Intent.REQUIREMENTS,
        _re(
            r"(?<!full )(?<!full-)\bstack\b",
            # "tech" alone is as often a technician ("the robot test tech") as a technology.
            r"\btechnolog(?:y|ies)\b",
            r"\b(?:what|which|any|the|their|your|our)\s+tech\b(?!\s+(?:role|job|position|opening))",
            r"\btech\s+(?:stack|do|does|is|are|they|used)\b",
            r"\bframeworks?\b",
            r"\btools?\b",
            r"\btooling\b",
            r"\bwhich cloud\b",
            r"\bwhat cloud\b",
            r"\bcloud (?:provider|platform)s?\b",
            r"\b(?:which|what) (?:databases?|dbs?|librar(?:y|ies))\b",
        ),
    ),
    "certification": (Intent.REQUIREMENTS, _re(r"\bcertifi", r"\bcredential", r"\blicen[cs]e")),
    "experience": (
        Intent.REQUIREMENTS,
        _re(
            r"\bexperience\b",
            r"\byears?\b",
            r"\byrs?\b",
            r"\bexp\b",
            r"\byoe\b",
            r"\bmonths?\b",
            r"\bhow senior\b",
            r"\bseniority\b",
        ),
    ),
    "requirements": (
        Intent.REQUIREMENTS,
        _re(
            r"\brequire",
            r"\breqs?\b",
            r"\bneed(?:ed|s)?\b",
            r"\bmust\b",
            r"\bqualif",
            r"\blooking for\b",
            r"\bskills?\b",
            r"\bprereq",
            r"\bwant(?:s|ed)?\b",
            r"\bexpect",
            r"\bmust-have",
            r"\bknow\b",
            r"\bbackground\b",
        ),
    ),
}

# How people ask for a list of roles rather than about one posting.
_DISCOVERY = _re(
    r"^\s*(?:which|what)\s+(?:\w+[\s/-]+){0,4}?(?:jobs|roles|positions|openings|internships|co-?ops|postings|opportunities|companies)\b",
    r"^\s*(?:any|anything)\b",
    r"\b(?:jobs|roles|positions|openings|internships|co-?ops|opportunities)\s+(?:in|at|around|near|for|with|w/|that|using|based|offering|which|where)(?!\w)",
    r"^\s*(?:list|show|find)\b",
    r"\bis\s+.+\s+hiring\b",
    r"\bhiring for\b",
    r"\blooking for\s+.*\b(?:jobs|roles|positions|openings|internships)\b",
    r"\b(?:jobs|roles|internships|positions|openings|co-?ops)\s*\??\s*$",
    r"\bare there\b.*\b(?:jobs|roles|positions|openings|internships)\b",
)


# Duties asked in so many words, not only by "what ... do?".
_STRONG_DUTIES = _re(
    r"\bday[- ]to[- ]day\b",
    r"\bday in the life\b",
    r"\binvolve\b",
    r"\bresponsibilit",
    r"\bduties\b",
    r"\btypical day\b",
    r"\bwork(?:ing)? on\b",
)


@dataclass(frozen=True)
class Parsed:
    question: str
    intent: Intent
    facets: tuple[str, ...] = field(default=())
    listing: bool = False  # phrased as "which roles ...?", a discovery question


def facets_of(question: str) -> list[str]:
    # "fully in office?" asks how the role is worked, not where: the workplace words are not read again
    # as a question about the location.
    unworkplace = FACETS["remote"][1].sub(" ", question)
    return [
        name
        for name, (_, pattern) in FACETS.items()
        if pattern.search(unworkplace if name == "location" else question)
    ]


def read(masked: str) -> tuple[tuple[str, ...], Intent]:
    """The facets a question asks and the intent they belong to; ``masked`` is the question with the
    employers' names replaced by a neutral word."""
    facets = facets_of(masked)
    # "what do they do for visas?" asks the other facet; a bare "what would I do?" asks the duties.
    others = [f for f in facets if f not in ("duties", "requirements", "location")]
    if "duties" in facets and others and not _STRONG_DUTIES.search(masked):
        facets.remove("duties")
    # "requirements" and "experience" are catch-alls; a more specific facet beside them decides the intent.
    specific = [f for f in facets if f not in ("requirements", "location")]
    if "experience" in specific and len(specific) > 1:
        specific = [f for f in specific if f != "experience"]
    primary = specific[0] if specific else (facets[0] if facets else "requirements")
    return tuple(facets), FACETS[primary][0]


def is_listing(question: str) -> bool:
    """Phrased as a search for roles ("which internships are in Seattle?", "jobs in berlin?")."""
    return bool(_DISCOVERY.search(question))


def parse(question: str, *, mask: list[tuple[int, int]] | None = None) -> Parsed:
    """``mask``: spans of the question (company names) that facet patterns must not read."""
    masked = question
    for s, e in sorted(mask or [], reverse=True):
        # A neutral word keeps the sentence's shape ("is the org intern open?") for the patterns.
        masked = masked[:s] + "org" + masked[e:]
    facets, intent = read(masked)
    return Parsed(question=question, intent=intent, facets=facets, listing=is_listing(question))
