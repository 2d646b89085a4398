"""The answer engine: question in, grounded ``Answer`` out. Stateless per call; indexes built once.

Flow: ``intent.parse`` says what is asked; a listing question ("which internships are in Seattle?") goes to
discovery (``filters``); otherwise ``resolve`` picks the posting (or the thread's posting for a follow-up),
and ``compose`` quotes the posting's sentences for each facet asked, or says plainly it does not say.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from rolecall.answer import filters as flt
from rolecall.answer import vocab
from rolecall.answer.compose import compose_posting_answer, ref
from rolecall.answer.employers import Employers, everyday_words
from rolecall.answer.evidence import PostingText
from rolecall.answer.features import Corpus
from rolecall.answer.intent import FACETS
from rolecall.answer.model import Answer, Context, Intent, Status
from rolecall.answer.places import METROS, STATES, Place, city_place, find_places, place_in_text
from rolecall.answer.question import Question, Reader
from rolecall.answer.resolve import Outcome, Resolver, role_key
from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

# Facets that only say "something about this role"; a more specific facet beside them takes over.
_CATCH_ALL = ("requirements",)
_MIN_COVERAGE = 0.6
_RANKED = 200  # discovery results ranked in full for ``find``; the rest are counted
_SHOWN = 40  # ranked for a reply (it shows 20; the rest feed the employer interleaving)
# Asking about an employer's roles as a whole ("where are their jobs?", "office locations", "hiring").
_AMOUNT_ASKED = re.compile(r"\bhow (?:many|much|long)\b.{0,20}\b(?:years?|yrs?|yoe|exp|experience)\b", re.I)
_ROLES_PLURAL = re.compile(r"\b(?:jobs|roles|positions|openings|internships|opportunities)\b", re.I)
_PLURAL_ASK = re.compile(r"\b(?:jobs|roles|positions|openings|offices|locations|sites|hiring)\b", re.I)
_NOT_A_PLACE = re.compile(
    r"(?:all|any|anywhere|everywhere|various|multiple|several|tbd|tba|flexible|global|worldwide"
    r"|nationwide|other|none|n/?a|home)(?:\s+(?:locations?|places?|sites?|offices?|cities))?\s*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z]+")
_TITLE_HEAVY = 3
# Words questions are made of, never a city's name on their own ("Full", "Office", "Team").
_QUESTION_WORDS = frozenset().union(
    *(vocab.words()[k] for k in ("listing_filler", "generic_ask", "chatter", "common_asks"))
) | frozenset(["office", "offices", "team", "state", "states", "assistance", "support", "department"])
# A place asked about is followed by the question mark ("in Palo Alto? hybrid?").
_ASKED_PLACE = re.compile(r"\s*\?")
_ONLY_WHERE = re.compile(r"(?:where\s*)*", re.IGNORECASE)


def _location_cues(text: str) -> str:
    return " ".join(m.group(0) for m in FACETS["location"][1].finditer(text))


@dataclass(frozen=True)
class _Found:
    head: list[int]  # the best, ranked
    filters: flt.Filters
    total: int  # how many matched in all
    open: int  # how many of those are open


class Engine:
    def __init__(self, postings: list[Posting]) -> None:
        self.postings = list(postings)
        self._by_id = {p.id: i for i, p in enumerate(self.postings)}
        self._texts: dict[int, PostingText] = {}
        self.index = BM25Index(self._doc_tokens(p) for p in self.postings)
        self._max_idf = self.index.term_idf("\x00") if self.postings else 1.0  # the idf of an unseen word
        self.corpus = Corpus(self.postings, self.index)
        self._is_job = np.array([not _not_a_job(p) for p in self.postings], dtype=bool)
        self.gazetteer = self._gazetteer()
        # Each city's posting set and the place matcher are built now, so no question pays for being the
        # first to name a city (on a large board that was the slowest answer of all).
        for place in self.gazetteer:
            self.corpus.place(place)
        find_places("", self.gazetteer)
        common, loose = everyday_words(self.postings, self.index.df)
        # A shortened company name must not be a place or a word other employers use ("Chicago" Trading).
        places = {n.casefold() for pl in (*self.gazetteer, *METROS, *STATES) for n in pl.names}
        self.resolver = Resolver(self.postings, text_index=self.index)
        self.employers = Employers(
            self.postings,
            common_words=common,
            avoid=places | loose,
            vocab_df=self.index.df,
            title_df=self.resolver.title_df,
        )
        self.reader = Reader(
            self.employers,
            self.gazetteer,
            title_tokens=self.resolver.title_tokens,
            known=lambda t: self.index.df(t) > 0 or self.resolver.stands_for(t),
        )

    # public ----------------------------------------------------------------------------------------------
    def get(self, posting_id: str) -> Posting | None:
        i = self._by_id.get(posting_id)
        return self.postings[i] if i is not None else None

    def read(self, question: str) -> Question:
        """The question as every stage reads it (see ``question.py``)."""
        return self.reader.read(question)

    def ask(self, question: str, *, context: Context | None = None, today: date | None = None) -> Answer:
        today = today or date.today()
        q = self.reader.read(question)
        if not q.text:
            return Answer(
                status=Status.NO_MATCH, text="Ask me about a role: where it is, what it needs, pay, visas."
            )
        if q.smalltalk:
            # "hello", "thanks!": small talk, not a search of every role.
            return Answer(status=Status.NO_MATCH, text=_SMALLTALK_REPLY[q.smalltalk])
        if q.count:
            # "how many jobs are open?": a count (of those its filters allow), then the list.
            return self._discover(q, today)
        res = self.resolver.resolve(q, context)
        if res.from_context and self._not_understood(q):
            # Nonsense in a conversation about a role is no question about that role.
            p = res.posting
            about = f" about {p.title} at {p.company}" if p is not None else ""
            return Answer(
                status=Status.NO_MATCH,
                text=f"I didn't catch a question{about}. Ask about its pay, location, requirements, visas...",
            )
        one = res.company_named and res.outcome is Outcome.FOUND
        if self._is_discovery(q, res.company_named, res.from_context, one_posting=one):
            return self._discover(q, today)
        if res.outcome is Outcome.FOUND and res.posting is not None:
            return self._about(res.posting, q, today)
        if res.outcome is Outcome.NONE:
            if self._asks_about_an_unnamed_role(q):
                return _which_role(q)
            # A question that names no posting is a search; an empty search is an honest no_match.
            return self._discover(q, today)
        same_company = len({c.company.casefold() for c in res.candidates}) == 1
        company_wide = same_company and q.intent is Intent.LOCATION and _PLURAL_ASK.search(q.text)
        if res.outcome is Outcome.AMBIGUOUS and company_wide:
            # "Where are Harbor's jobs?": every role of that employer, each with its places.
            return self._company_locations(res.candidates, q, today)
        if res.outcome is Outcome.AMBIGUOUS:
            lines = ["Several roles fit; which one do you mean?"]
            lines += [f"• {c.title} at {c.company}" + _where(c) for c in res.candidates]
            return Answer(
                status=Status.AMBIGUOUS,
                text="\n".join(lines),
                postings=[ref(c, today) for c in res.candidates],
                intent=q.intent,
            )
        return self._no_posting(q, today)

    def find(self, query: str, *, limit: int = 20, today: date | None = None) -> list[Posting]:
        today = today or date.today()
        found = self._search(self.reader.read(query), today, limit=max(limit, 0))
        return [self.postings[i] for i in found.head[:limit]]

    # internals -------------------------------------------------------------------------------------------
    def _text(self, i: int) -> PostingText:
        t = self._texts.get(i)
        if t is None:
            t = self._texts[i] = PostingText(self.postings[i])
        return t

    @staticmethod
    def _doc_tokens(p: Posting) -> list[str]:
        # Title and company repeated: a word in the title says more about the role than one in the text.
        head = " ".join(
            [p.title] * 3 + [p.company] * 2 + [p.location_summary(), p.department or "", *p.terms]
        )
        return tokenize(head + " " + p.text)

    def _gazetteer(self) -> tuple[Place, ...]:
        """City names the postings use, so "jobs in berlin?" finds Berlin without a world atlas. A
        location line's head is a city only when it reads like one: not a word questions are made of
        ("Full", "Office", "relocation assistance") and not a word the board's titles use more than its
        locations do ("Marketing", "Team") — loaders sometimes put a title's words where the place goes."""
        known = {n.casefold() for pl in (*METROS, *STATES) for n in pl.names}
        in_titles: Counter[str] = Counter()
        in_places: Counter[str] = Counter()
        for p in self.postings:
            in_titles.update(set(_WORDS.findall(p.title.casefold())))
            in_places.update({w for loc in p.locations for w in _WORDS.findall(loc.text.casefold())})
        cities: dict[str, str] = {}
        for p in self.postings:
            for loc in p.locations:
                names = [loc.city] if loc.city else []
                head = loc.text.split(",")[0].strip()
                if head and re.fullmatch(r"[A-Za-z .'-]{3,30}", head) and "remote" not in head.casefold():
                    names.append(head)
                for n in names:
                    # A location line "All" or "Various" names no place ("any remote option at all?").
                    if not n or _NOT_A_PLACE.match(n) or not tokenize(n):
                        continue
                    words = _WORDS.findall(n.casefold())
                    if any(w in _QUESTION_WORDS for w in words):
                        continue
                    # Titles name places too ("Analyst - Gurgaon"): only a word far more often a title's.
                    w = words[0]
                    if (
                        len(words) == 1
                        and in_titles[w] >= _TITLE_HEAVY
                        and in_titles[w] > _TITLE_HEAVY * in_places[w]
                    ):
                        continue
                    if n.casefold() not in known:
                        cities.setdefault(n.casefold(), n)
        return tuple(city_place(c) for c in cities.values())

    def _is_discovery(
        self, q: Question, company_named: bool, from_context: bool, *, one_posting: bool
    ) -> bool:
        if q.strong_listing or q.filtered_listing:
            return True
        # "remote airbnb roles I can do from the US?": one employer's roles, filtered — a listing ("what
        # clearance do the X roles need?" asks a fact of them instead).
        asks_a_fact = [f for f in q.facets if f not in ("remote", "location")]
        plural = bool(_ROLES_PLURAL.search(q.text))
        # An employer with one role is asked about that role ("capsule open roles — is it remote?").
        several = len({role_key(self.postings[i]) for i in sorted(q.companies)[:_SHOWN]}) > 1
        if (
            company_named
            and plural
            and several
            and not asks_a_fact
            and not from_context
            and q.filters.narrows()
        ):
            return True
        if not q.listing:
            return False
        specific = [f for f in q.facets if f not in _CATCH_ALL]
        if one_posting and q.ends_listing and q.facets:
            # "kubernetes needed for the railway infra roles?" when one posting holds those roles: a
            # question about it, even when what is asked is only a requirement. Across many postings
            # the listing of those that mention it answers better.
            return False
        return not (company_named and specific) and not from_context

    def _about(self, posting: Posting, q: Question, today: date) -> Answer:
        facets = list(q.facets)
        # Words that name the role ("the new grad role", "the part-time tech") ask nothing about it: a facet
        # asked only by words of the posting's own title gives way to the others asked.
        title = set(tokenize(posting.title))
        named = [f for f in facets if (ws := q.words_asking(f)) and ws <= title]
        if named and len(named) < len(facets):
            facets = [f for f in facets if f not in named]
        specific = [f for f in facets if f not in _CATCH_ALL]
        if specific:
            facets = specific
        if (
            "experience" in facets
            and len(facets) > 1
            and q.intent is not Intent.REQUIREMENTS
            and not _AMOUNT_ASKED.search(q.text)
        ):
            # "yrs of exp" beside another facet only qualifies it — unless an amount is asked ("degree +
            # how many yrs of python?").
            facets.remove("experience")
        # "Where do I apply?" asks how to apply, not where the job is.
        others = [f for f in facets if f not in ("location", "remote")]
        if "location" in facets and others and _ONLY_WHERE.fullmatch(_location_cues(q.text)):
            facets.remove("location")
        i = self._by_id[posting.id]
        text = self._text(i)
        # "Do I need Rust experience?" asks about Rust; "experience" there is no question of years.
        if set(facets) <= {"experience", "requirements"} and text.asked_for(q):
            facets = ["requirements"]
        # A place named by words of the posting's own title ("the ... marketing manager") was naming it.
        places = [pl for pl, (a, b) in q.places if not set(tokenize(q.text[a:b])) <= title]
        if not facets and not places and q.tech:
            # "c++ or python?" asks whether the posting wants them.
            facets = ["requirements"]
        if not facets:
            # "Is the Netflix intern in LA?" names a place and asks nothing else: a location question.
            facets = ["location"] if places else ["summary"]
        wants_more = q.intent is Intent.REQUIREMENTS and "requirements" in q.facets
        context: tuple[str, ...] = ("requirements",) if wants_more else ()
        if places and facets == ["remote"]:
            # "Is it in Palo Alto? hybrid?" asks where it is too. A place in the title, or one of the
            # posting's own places said before the question ("the founding dev in seattle — any remote
            # option?"), only named the posting: said beside the answer, never deciding its status.
            asked_where = any(_ASKED_PLACE.match(q.text, b) for _, (_a, b) in q.places)
            own = any(
                place_in_text(pl, t) for pl in places for t in [posting.title, *self._loc_texts(posting)]
            )
            if not asked_where and own:
                context = ("location",)
            else:
                facets.insert(0, "location")
        return compose_posting_answer(posting, text, q, facets, q.intent, places, today, context)

    @staticmethod
    def _loc_texts(p: Posting) -> list[str]:
        return [loc.text for loc in p.locations]

    def _company_locations(self, roles: list[Posting], q: Question, today: date) -> Answer:
        lines = [f"{roles[0].company} has {len(roles)} roles here:"]
        for p in roles:
            where = p.location_summary() or "location not stated"
            closed = " [closed]" if p.is_closed(today) else ""
            wp = f", {p.workplace.value}" if p.workplace.value != "unknown" else ""
            lines.append(f"• {p.title}: {where}{wp}{closed}" + (f" {p.url}" if p.url else ""))
        return Answer(
            status=Status.ANSWERED,
            text="\n".join(lines),
            postings=[ref(p, today) for p in roles],
            intent=q.intent,
        )

    def _search(self, q: Question, today: date, *, limit: int = _RANKED) -> _Found:
        f = q.filters
        if f.unknown_company:
            return _Found([], f, 0, 0)
        # The pool is kept as an ascending id array from here on: a filter like "remote" can hold a third
        # of a large board, and per-id Python (sets, dicts) over it was most of a question's time.
        pool = ids_of(flt.select(f, self.corpus))
        scores = np.zeros(pool.shape[0], dtype=np.float32)
        if f.keywords:
            pool = self._covering(f.keywords, pool, _alternatives(q.text, f.keywords))
            scores = self.index.scores_of(f.keywords, pool)
        jobs = self._is_job[pool]
        pool, scores = pool[jobs], scores[jobs]

        # Only the head of the list is ranked and shown; the rest is counted.
        strong = flt.strong_sets(f, self.corpus)
        head = self.corpus.rank_ids(pool, strong, scores, today, max(limit, _SHOWN))
        if not f.keywords:
            head = flt.diversify_open(head, self.postings, today)
        # One role listed by several sources is shown once; the counts follow. Two postings of one source
        # (a board listing the same title twice) are two openings.
        kept: list[int] = []
        for i in head:
            if not any(self.resolver.same_role(i, j) and not self._same_source(i, j) for j in kept):
                kept.append(i)
        copies = len(head) - len(kept)
        gone = sum(1 for i in head if i not in kept and not self.postings[i].is_closed(today))
        total = int(pool.shape[0]) - copies
        return _Found(kept, f, total, self.corpus.count_open_ids(pool, today) - gone)

    def _same_source(self, a: int, b: int) -> bool:
        sa, sb = self.postings[a].source, self.postings[b].source
        return sa is not None and sb is not None and (sa.path or sa.url) == (sb.path or sb.url)

    def _covering(
        self,
        keywords: list[str],
        pool: np.ndarray,
        groups: list[list[set[str]]] | None = None,
        whole: list[list[set[str]]] | None = None,
    ) -> np.ndarray:
        """Postings in ``pool`` holding keywords worth at least ``_MIN_COVERAGE`` of the query's weight.
        A word no posting uses weighs like the rarest word there is, so it cannot be skipped. Each of
        ``groups`` is a set of alternatives ("devrel / developer advocate"): it weighs as its heaviest
        alternative, and a posting holds the share of it that it holds of its best-held alternative. Each
        of ``whole`` (a role family: "data science" or "data scientist") counts only when one alternative
        is held entirely: "data" alone makes no data scientist."""
        weights = {k: (self.index.term_idf(k) if self.index.df(k) else self._max_idf * 1.5) for k in keywords}
        units: list[tuple[list[set[str]], bool]] = []
        for gs, strict in ((groups or [], False), (whole or [], True)):
            for g in gs:
                alts = [alt & set(weights) for alt in g]
                alts = [alt for alt in alts if alt]
                if len(alts) > 1 or (strict and alts):
                    units.append((alts, strict))
        grouped = {k for g, _ in units for alt in g for k in alt}
        units += [([{k}], False) for k in dict.fromkeys(keywords) if k not in grouped]
        unit_weight = [max(sum(weights[k] for k in alt) for alt in g) for g, _ in units]
        total = sum(unit_weight) or 1.0
        # Whether each pool posting holds each keyword, once per keyword, as arrays over the pool.
        holds = {k: self.index.scores_of([k], pool) > 0 for k in weights}
        got = np.zeros(pool.shape[0], dtype=np.float64)
        for (g, strict), gw in zip(units, unit_weight, strict=True):
            # The share of the unit held is the best share of any one alternative held.
            best = np.zeros(pool.shape[0], dtype=np.float64)
            for alt in g:
                aw = sum(weights[k] for k in alt) or 1.0
                held = sum((np.where(holds[k], weights[k], 0.0) for k in alt), np.zeros(pool.shape[0]))
                share = held / aw
                best = np.maximum(best, np.floor(share + 1e-9) if strict else share)
            got += best * gw
        return pool[got / total >= _MIN_COVERAGE]

    def _discover(self, q: Question, today: date) -> Answer:
        found = self._search(q, today, limit=_SHOWN)
        order, f = found.head, found.filters
        if not order:
            # describe() already reads "matching “…”"; the sentence around it must not repeat it.
            if f.unknown_company:
                text = f"I have no roles at “{f.unknown_company}”."
            elif q.unknown_lead:
                # "goldman sachs new grad program?": say what was not found, not only that nothing fits.
                rest = f.describe(keywords=False)
                text = f"I have nothing from or about “{' '.join(q.unknown_lead)}”" + (
                    "." if rest == "all roles" else f" ({rest})."
                )
            else:
                text = f"No roles here fit that ({f.describe()})."
            return Answer(
                status=Status.NO_MATCH,
                text=text,
                intent=Intent.DISCOVERY,
            )
        shown = order[:20]
        roles = f"{found.total} role{'' if found.total == 1 else 's'}"
        lines = [f"{roles} {f.describe()} ({found.open} open):"]
        if q.count:
            which = "here" if f.describe() == "all roles" else f"that fit ({f.describe()})"
            verb = "is" if found.total == 1 else "are"
            lines[0] = f"There {verb} {roles} {which}, {found.open} of them open:"
        for i in shown:
            p = self.postings[i]
            closed = " [closed]" if p.is_closed(today) else ""
            link = f" {p.url}" if p.url else ""
            lines.append(f"• {p.title} at {p.company}{_where(p)}{closed}{link}")
        if found.total > len(shown):
            lines.append(f"…and {found.total - len(shown)} more.")
        return Answer(
            status=Status.ANSWERED,
            text="\n".join(lines),
            postings=[ref(self.postings[i], today) for i in shown],
            intent=Intent.DISCOVERY,
        )

    @staticmethod
    def _not_understood(q: Question) -> bool:
        """Nothing in the question is a word the postings use, a facet, a place or a technology."""
        return not (q.known_words or q.facets or q.places or q.tech or q.companies or q.count)

    def _asks_about_an_unnamed_role(self, q: Question) -> bool:
        """ "what about pay?" or "is it remote?" with no role named and no conversation to take one from:
        a follow-up about one posting, not a search — searching its words would answer about a random role.
        ("do you sponsor visas?", with no pointer to a role, stays a search for roles that do.)"""
        if q.listing or q.strong_listing or not q.points_at_role:
            return False
        if not [f for f in q.facets if f not in _CATCH_ALL]:
            return False
        left = self.reader.leftover_filters(q)
        return left.describe() == "all roles" and not left.unknown_company

    def _no_posting(self, q: Question, today: date) -> Answer:
        hits = self.index.top_k(list(q.tokens), 3)
        near = [self.postings[i] for i, _ in hits]
        lines = ["I couldn't find a posting that fits that question."]
        if near:
            lines.append("Nearest roles I have:")
            lines += [f"• {p.title} at {p.company}{_where(p)}" for p in near]
        return Answer(
            status=Status.NO_MATCH,
            text="\n".join(lines),
            postings=[ref(p, today) for p in near],
            intent=q.intent,
        )


_SMALLTALK_REPLY = {
    "greeting": "Hi! Ask me about a role — where it is, what it needs, the pay, visas — or which roles fit "
    "(“remote internships in NYC?”).",
    "thanks": "You're welcome! Ask me anything else about the roles here.",
    "chatter": "Ask me about a role — where it is, what it needs, the pay, visas — or which roles fit.",
}


def _which_role(q: Question) -> Answer:
    return Answer(
        status=Status.NO_MATCH,
        text="Which role do you mean? Name it (for example its title), or ask about a role first and then "
        "follow up.",
        intent=q.intent,
    )


_SEEKING = re.compile(r"^\s*seeking (?:work|freelanc)", re.IGNORECASE)


def _not_a_job(p: Posting) -> bool:
    """A candidate's own "SEEKING WORK" post on a hiring thread offers no role."""
    return bool(_SEEKING.match(p.company) or _SEEKING.match(p.title))


# "embedded / firmware internships", "developer relations / developer advocate roles": the clause before
# a slash, each word between slashes, and the last one with the rest of its clause are alternatives.
_OR = re.compile(r"(?<=[\w+#.])\s+or\s+(?=[\w+#.])", re.IGNORECASE)
_SLASHED = re.compile(r"([^?.!,;/]*?[\w+#.-]+)((?:\s*/\s*[\w+#.-]+)+)([^?.!,;/]*)")


def _alternatives(question: str, keywords: list[str]) -> list[list[set[str]]]:
    """The keyword stems of each run of alternatives joined by slashes: a slash means or."""
    known = set(keywords)
    groups = []
    # "sales or account executive jobs": an "or" between role words means either, as a slash does.
    for m in _SLASHED.finditer(_OR.sub(" / ", question)):
        parts = [m.group(1), *[w for w in m.group(2).split("/") if w.strip()]]
        parts[-1] += " " + m.group(3)
        alts = [set(tokenize(part)) & known for part in parts]
        if sum(1 for a in alts if a) > 1:
            groups.append(alts)
    return groups


def ids_of(pool: set[int] | frozenset[int]) -> np.ndarray:
    """A set of posting ids as an ascending array."""
    ids = np.fromiter(pool, dtype=np.int64, count=len(pool))
    ids.sort()
    return ids


def _where(p: Posting) -> str:
    s = p.location_summary()
    if len(s) > 80:
        s = s[:77] + "…"
    return f" ({s})" if s else ""


def _ordinal(d: date | None) -> int:
    return d.toordinal() if d else 0
