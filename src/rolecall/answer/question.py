"""Reading a question once: everything the later stages need, worked out in one place.

``Reader.read`` turns the raw text into a frozen ``Question``: its tokens, the employers it names (and
where), the places it names (and where), the facets it asks and their intent, whether it is phrased as a
listing, the discovery filters its words make, and the cues that say what kind of message it is (a
follow-up pointing at a role). Every stage after it — which posting, evidence per facet, composing the
reply, discovery — reads this value instead of the string, so two stages can never disagree about what
was asked, and a long question is tokenised once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from rolecall.answer import filters as flt
from rolecall.answer import vocab
from rolecall.answer.employers import Employers, NameMatch, one_edit
from rolecall.answer.evidence import GENERIC_ASK
from rolecall.answer.intent import FACETS, is_listing, read
from rolecall.answer.model import Intent
from rolecall.answer.places import Place, find_places
from rolecall.answer.tech import names_in
from rolecall.search.analyze import tokenize

# "any remote option at all?": an intensifier, never a company or a place called "All".
_AT_ALL = re.compile(r"\s*\b[Aa]t all\b(?=\s*(?:[?.!,;]|$|\s+(?:in|for|with|on|near|around|that|which)\b))")
# Words that point at one role already in the conversation ("what about pay?", "is it remote?").
_POINTS_AT_A_ROLE = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\b|^\s*and\b|\b(?:it|its|this|that)\b"
    r"|\bthe\s+(?:role|job|position|posting|opening)\b",
    re.IGNORECASE,
)
# Questions that start like a search for roles rather than a question about one.
_STRONG_LISTING = re.compile(
    r"^\s*(?:(?:which|what)\s+(?:\w+[\s/-]+){0,4}?(?:jobs|roles|positions|openings|internships|co-?ops|postings"
    r"|opportunities)\b|any\b|anything\b|list\b|show\b|find\b|is\s+\S+(?:\s+\S+)?\s+hiring\b)",
    re.IGNORECASE,
)
# "northwind jobs that sponsor visas": a relative clause filters a listing, even of one employer's roles.
_FILTERED_LISTING = re.compile(
    r"\b(?:jobs|roles|positions|openings|internships|co-?ops|opportunities)\s+"
    r"(?:that|which|who|offering|with|w/)(?!\w)",
    re.IGNORECASE,
)
# "... for the railway infra roles?": the listing word only closes a question about those roles.
_ENDS_LISTING = re.compile(r"\b(?:jobs|roles|positions|openings)\s*\?+\s*$", re.IGNORECASE)
# "do I need X", "does it require X", "experience with X": X is what is asked for.
_ASKED_FOR = re.compile(
    r"\b(?:need|needs|require|requires|required|use|uses|using|know|knowing|experience (?:with|in)|"
    r"familiar(?:ity)? with|knowledge of|proficien\w* (?:in|with)|ask(?:s|ing)? for)\s+"
    r"(?:to\s+(?:know|have|be|use)\s+)?(?P<obj>[^?.!;]+)",
    re.IGNORECASE,
)
# "kubernetes needed for ...?", "is python required?": the thing asked for comes first.
_ASKED_BEFORE = re.compile(
    r"(?:^|[-–—:,;?]\s*)(?:(?:is|are)\s+)?(?P<obj>[\w+#./ ]{1,40}?)\s+(?:experience\s+|knowledge\s+)?"
    r"(?:needed|required|necessary|mandatory|a must)\b",
    re.IGNORECASE,
)
# Where the thing asked for ends and the naming of the posting begins.
_OBJECT_END = re.compile(
    r"(?:^|\s)(?:for|to|at|in|on|with|from|if|when|or|and|as|like|because|since|but)(?=\s|$)|[,:(\-–—]", re.I
)
_WORD = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[A-Za-z]+")
_TYPO_MIN = 5
_COMMON_ASKS = vocab.words()["common_asks"]
_SURFACE = re.compile(r"[\w+#&'’.-]+")
_COUNT = vocab.phrases()["count"]
_EMPLOYER_LISTING = vocab.phrases()["employer_listing"]
_COUNT_WORDS = re.compile(r"\bhow many\b|\b(?:number|count|total) of\b", re.IGNORECASE)


def _token_set(*names: str) -> frozenset[str]:
    return frozenset(t for n in names for w in vocab.words()[n] for t in tokenize(w))


_GREETING = _token_set("greeting")
_THANKS = _token_set("thanks")
_SMALLTALK = _token_set("chatter", "greeting", "thanks")
# Asking words that may open a question before the employer is named ("does X ...", "any X jobs").
_LEAD_SKIP = _token_set("listing_filler") | frozenset(
    tokenize("does do is are can could would will how what")
)
_EXPLAIN_LIMIT = 200  # an employer's roles checked for a title holding another name's words

PlaceHit = tuple[Place, tuple[int, int]]


@dataclass(frozen=True)
class Question:
    """One question, read. Spans index into ``text`` (the question with whitespace folded)."""

    text: str
    tokens: tuple[str, ...]  # the index's tokens (stems, folded phrases), as BM25 sees the question
    words: tuple[str, ...]  # lower-case surface words
    companies: frozenset[int]  # postings whose employer the question names
    company_spans: tuple[tuple[int, int], ...]
    company_hint: frozenset[int]  # everyday-word employers written in lower case ("slack"): a hint only
    places: tuple[PlaceHit, ...]
    facets: tuple[str, ...]
    intent: Intent
    listing: bool  # phrased as "which roles ...?"
    strong_listing: bool  # opens like a search ("any ...", "which jobs ...", "is X hiring")
    filtered_listing: bool  # "jobs that / with / offering ..."
    ends_listing: bool  # "... for the infra roles?": the listing word only closes it
    points_at_role: bool  # "what about pay?", "is it remote?"
    tech: tuple[str, ...]  # technologies named ("c++ or python?")
    asked: frozenset[str]  # tokens of the words that ask the facets ("clearance", "pay"): they name no role
    facet_words: tuple[tuple[str, frozenset[str]], ...]  # each facet asked, with the tokens that asked it
    wanted: frozenset[str]  # what "do I need X?" / "is X required?" asks about: X's tokens
    smalltalk: str | None  # "greeting" / "thanks" / "chatter": the message holds nothing else
    count: bool  # "how many jobs are open?": a count of roles
    unknown_lead: tuple[str, ...]  # words no posting uses, leading the question ("spacex summer intern?")
    known_words: bool  # some word beyond small talk is one the postings use
    filters: flt.Filters  # what the words ask of a listing (places, kinds, statuses, keywords)

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)

    def words_asking(self, facet: str) -> frozenset[str]:
        return next((ws for name, ws in self.facet_words if name == facet), frozenset())

    @property
    def place_list(self) -> list[Place]:
        return [pl for pl, _ in self.places]

    @cached_property
    def masked(self) -> str:
        """The text with employers' names replaced by a neutral word: a name asks nothing ("Two Six
        Technologies" is no question about tech)."""
        out = self.text
        for s, e in sorted(self.company_spans, reverse=True):
            out = out[:s] + "org" + out[e:]
        return out

    def without(self, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
        out = self.text
        for s, e in sorted(spans, reverse=True):
            out = out[:s] + " " + out[e:]
        return out


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans in order, overlapping ones joined: every character is masked at most once."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return tuple(out)


def normalise(raw: str) -> str:
    return _AT_ALL.sub("", " ".join(raw.split())).strip()


def _object_spans(text: str) -> list[tuple[int, int]]:
    """Where a "do I need X?" / "is X a must?" question names its X."""
    out = []
    for m in _ASKED_FOR.finditer(text):
        obj = _OBJECT_END.split(m.group("obj"), maxsplit=1)[0]
        out.append((m.start("obj"), m.start("obj") + len(obj)))
    out.extend(m.span("obj") for m in _ASKED_BEFORE.finditer(text))
    return out


def _wanted(text: str) -> frozenset[str]:
    """The thing a "do I need X?" question asks about, beyond the generic asking words."""
    out: set[str] = set()
    for m in _ASKED_FOR.finditer(text):
        obj = _OBJECT_END.split(m.group("obj"), maxsplit=1)[0]
        out |= set(tokenize(obj))
    for m in _ASKED_BEFORE.finditer(text):
        out |= set(tokenize(m.group("obj")))
    return frozenset(out - GENERIC_ASK)


def _smalltalk(tokens: tuple[str, ...]) -> str | None:
    """What a message of nothing but small talk is: a greeting, thanks, or other chatter ("ok", "lol")."""
    if not tokens:
        return None
    if any(t in _THANKS for t in tokens):
        return "thanks"
    if any(t in _GREETING for t in tokens):
        return "greeting"
    return "chatter"


class Reader:
    """Reads questions against one board: its employers' names and its places."""

    def __init__(
        self,
        employers: Employers,
        gazetteer: tuple[Place, ...],
        title_tokens: Callable[[int], set[str]] | None = None,
        known: Callable[[str], bool] | None = None,
    ) -> None:
        self.employers = employers
        self.gazetteer = gazetteer
        self._title_tokens = title_tokens or (lambda _i: set())
        self._known = known or (lambda _t: True)

    def employers_named(self, text: str) -> list[NameMatch]:
        """The employers a question names. Names in full (or by initials their postings use) come before
        shortened ones ("Klaviyo" for Klaviyo Campus), and a misspelt name counts only when nothing else
        does; but a name whose words are the title of another named employer's role is that title,
        not an employer: in "the klaviyo people analytics co-op", "co-op" is Klaviyo's title, not a
        company called Coop."""
        full, short = self.employers.matches(text)
        fully = {m.company for m in full}
        every = full + [m for m in short if m.company not in fully]
        # An everyday-word employer in lower case ("insight customer engineer google workspace") may hold
        # the other name in its title too.
        hints = self.employers.hints(text)
        kept = [m for m in every if not self._explained(m, every + hints, text)]
        # "... is anaplan a must?": a name inside the thing asked for is a tool, not the employer meant,
        # when another employer is named.
        objects = _object_spans(text)
        asked = [m for m in kept if m.span and any(a <= m.span[0] and m.span[1] <= b for a, b in objects)]
        if asked and (len(asked) < len(kept) or hints):
            kept = [m for m in kept if m not in asked]
        chosen = [m for m in kept if m in full] or kept
        return chosen or self.employers.typos(text)

    def _explained(self, m: NameMatch, every: list[NameMatch], text: str) -> bool:
        if m.span is None:
            return False
        said = set(tokenize(text[m.span[0] : m.span[1]]))
        for o in every:
            if (
                o.company == m.company
                or o.span is None
                or not (o.span[1] <= m.span[0] or o.span[0] >= m.span[1])
            ):
                continue
            if any(said <= self._title_tokens(i) for i in sorted(o.postings)[:_EXPLAIN_LIMIT]):
                return True
        return False

    def read(self, raw: str) -> Question:
        text = self._untypo(normalise(raw))
        matches = self.employers_named(text)
        named = set().union(*(m.postings for m in matches)) if matches else set()
        spans = _merged([m.span for m in matches if m.span is not None])
        if matches and not spans:
            # A misspelt or run-together name: its span is wherever its words are found.
            spans = _merged(self.employers.spans(text, named))
        hint = frozenset() if named else frozenset(self.employers.companies_in(text, lowercase_common=True))
        places = tuple(find_places(text, self.gazetteer))
        masked = text
        for s, e in sorted(spans, reverse=True):
            # A neutral word keeps the sentence's shape ("is the org intern open?") for the patterns.
            masked = masked[:s] + "org" + masked[e:]
        facets, intent = read(masked)
        by_facet = {name: list(pat.finditer(masked)) for name, (_, pat) in FACETS.items()}
        asking = [m for ms in by_facet.values() for m in ms]
        asked = frozenset(t for m in asking for t in tokenize(m.group(0)))
        facet_words = tuple(
            (name, frozenset(t for m in ms for t in tokenize(m.group(0))))
            for name, ms in by_facet.items()
            if ms
        )
        count = _COUNT.search(text)
        # Discovery names companies exactly or misspelt; a shortened name is a posting's, not a filter's.
        listed = self.employers.companies_in(text) or self.employers.misspelt(text)
        # "how many remote jobs?": the counting words are no keywords.
        listing_text = _COUNT_WORDS.sub(" ", text) if count else text
        # The words naming an employer the listing filters on are no keywords ("what's open at plaid?").
        listed_spans = [m.span for m in matches if m.span is not None and m.postings & listed]
        for a, b in sorted(listed_spans, reverse=True):
            if listing_text[a:b] == text[a:b]:
                listing_text = listing_text[:a] + " " * (b - a) + listing_text[b:]
        filters = flt.parse_filters(listing_text, places=places, companies=listed)
        filters.company_names = sorted({self.employers.postings[i].company for i in listed})[:3]
        tokens = tuple(tokenize(text))
        content = [t for t in tokens if t not in _SMALLTALK]
        return Question(
            text=text,
            tokens=tokens,
            words=tuple(_WORD.findall(text.casefold())),
            companies=frozenset(named),
            company_spans=spans,
            company_hint=hint,
            places=places,
            facets=facets,
            intent=intent,
            listing=is_listing(text),
            strong_listing=bool(_STRONG_LISTING.search(text) or _EMPLOYER_LISTING.search(text)),
            filtered_listing=bool(_FILTERED_LISTING.search(text)),
            ends_listing=bool(_ENDS_LISTING.search(text)),
            points_at_role=bool(_POINTS_AT_A_ROLE.search(text)),
            tech=tuple(names_in(text)),
            asked=asked,
            facet_words=facet_words,
            wanted=_wanted(text),
            smalltalk=_smalltalk(tokens) if not content else None,
            count=bool(count),
            unknown_lead=() if named else self._unknown_lead(text, places, spans, [m.span() for m in asking]),
            known_words=any(self._known(t) for t in content),
            filters=filters,
        )

    def _untypo(self, text: str) -> str:
        """Words no posting uses that are one letter off a word people ask with ("hybird", "sponser",
        "langauges") read as that word, so facets and filters see what was meant."""

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            low = word.casefold()
            if len(low) < _TYPO_MIN or low in _COMMON_ASKS:
                return word
            # A word that only ends differently is another form of it ("salaried", "experienced"), no typo.
            near = [
                w
                for w in _COMMON_ASKS
                if abs(len(w) - len(low)) <= 1 and low[:-1] != w[: len(low) - 1] and one_edit(low, w)
            ]
            if len(near) != 1:
                return word
            toks = tokenize(low)
            # Fixed when no posting uses it, or when it stems like the word it is one letter off
            # ("requirments" stems as "requirements" does, but asks no facet as written).
            unknown = bool(toks) and not any(self._known(t) for t in toks)
            if unknown or toks == tokenize(near[0]):
                return near[0]
            return word

        return _LETTERS.sub(fix, text)

    def _unknown_lead(
        self,
        text: str,
        places: tuple[PlaceHit, ...],
        spans: tuple[tuple[int, int], ...],
        asking: list[tuple[int, int]],
    ) -> tuple[str, ...]:
        """Words no posting uses at the head of the question, before any word the postings do use:
        where people put the employer's name ("goldman sachs new grad program?", "spacex internship?")."""
        taken = [sp for _, sp in places] + list(spans)
        out: list[str] = []
        for m in _SURFACE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                break
            if any(s < m.end() and m.start() < e for s, e in asking):
                continue  # a word asking a facet ("where's", "how much")
            toks = [
                t
                for t in tokenize(m.group(0))
                if t not in _SMALLTALK and t not in _LEAD_SKIP and t not in GENERIC_ASK
            ]
            if not toks:
                continue
            if any(self._known(t) for t in toks):
                break
            if len(m.group(0)) >= 3:
                out.append(m.group(0))
        return tuple(out)

    def leftover_filters(self, q: Question) -> flt.Filters:
        """The filters the question makes once its facet words and role pointers are set aside: a
        follow-up ("is it remote?") makes none; "remote roles in Ohio?" still names a place."""
        rest = _POINTS_AT_A_ROLE.sub(" ", q.text)
        for _, pattern in FACETS.values():
            rest = pattern.sub(" ", rest)
        return flt.parse_filters(rest, places=tuple(find_places(rest, self.gazetteer)), companies=set())
