"""What each surface does, without Slack: the listeners and the local console both call these.

Inputs are plain strings and ids; outputs are :class:`~rolecall.slack.blocks.Message` values. The only
state is conversation context and asked questions, kept in the database through ``rolecall.store.events``.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from rolecall.answer.model import Answer, Context, Intent, Status
from rolecall.insights.record import facet_rows
from rolecall.lookup import find_posting
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.slack import blocks
from rolecall.store import events as store
from rolecall.store.base import row_id

log = logging.getLogger(__name__)

DIGEST_WORDS = frozenset({"subscribe", "subscriptions", "unsubscribe"})
HOME_LIMIT = 40
LIST_LIMIT = 50
# A question's length bounds the engine's work on it (its cost grows faster than its length): one person
# pasting pages of text must not hold the workers everyone else's questions wait for. The longest answered
# is ROLECALL_MAX_QUESTION (max_question(), default 1,000 characters).
LONG_QUESTION = 300  # longer ones are answered on their own few workers (slack/workers.py)
# NUL, other control characters (tab and newlines aside) and lone surrogates: not text anyone typed, and
# neither PostgreSQL nor UTF-8 can store them.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_TS = re.compile(r"^\d+\.\d+$")
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_SLACK_REF = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


@dataclass(frozen=True)
class Where:
    """Where a question was asked. ``thread`` keys the conversation: a thread ts, "" for a DM's timeline,
    or "user:<id>" for slash commands (each user's own running context in that channel)."""

    team_id: str = ""
    channel: str = ""
    thread: str = ""
    user_id: str = ""

    @property
    def thread_ts(self) -> str | None:
        """The Slack thread to reply in, when the key is a real message ts."""
        return self.thread if _TS.match(self.thread) else None


@dataclass
class Reply:
    message: blocks.Message
    public: bool = False  # slash commands: in_channel instead of ephemeral
    answer: Answer | None = None


def today(services: Services) -> date:
    return services.now().date()


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


def is_long(text: str) -> bool:
    return len(text) > LONG_QUESTION


def max_question(services: Services) -> int:
    """The longest question answered, in characters (``ROLECALL_MAX_QUESTION``, checked at start)."""
    return services.settings.number("max_question")


def refusal(services: Services, text: str) -> blocks.Message | None:
    """Why a message cannot be answered as it stands, said politely; None when it can."""
    if _UNREADABLE.search(text):
        return blocks.notice(
            "I can't read that message: it contains characters that aren't text (a NUL, a control "
            "character or half of an emoji). Please type your question again."
        )
    limit = max_question(services)
    if len(text) > limit:
        return blocks.notice(
            f"That message is {len(text):,} characters long; I answer questions of up to "
            f"{limit:,}. Please ask one thing at a time, e.g. “is the role remote?” or "
            "“what does it pay?”, and I'll quote the posting."
        )
    return None


def search_text(services: Services, text: str) -> str:
    """A search box's text made safe to search with: readable characters only, at most a question long."""
    return _UNREADABLE.sub(" ", text)[: max_question(services)].strip()


def from_slack(text: str) -> str:
    """What the user typed, from Slack's wire form: mentions dropped, ``<url|label>`` and ``<#C1|name>``
    back to their visible text, and Slack's three entities decoded (so "AT&amp;T" is asked as "AT&T";
    it is escaped again whenever it is shown)."""
    text = _SLACK_REF.sub(lambda m: m.group(2) or m.group(1).lstrip("#!"), strip_mentions(text))
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


# -- questions ----------------------------------------------------------------------------------------------
def ask(
    services: Services, question: str, where: Where, *, posting_id: str | None = None
) -> tuple[Answer, int]:
    """Answer with the conversation's posting as context, remember the subject, record the question."""
    subject = posting_id or store.get_conversation_posting(services.sessions, where.channel, where.thread)
    answer = _ask_in_context(services, question, subject, explicit=posting_id is not None)
    refs = [r.id for r in answer.postings]
    if answer.status in (Status.ANSWERED, Status.NOT_STATED) and len(refs) == 1:
        subject = refs[0]
    now = services.now()
    qid = store.record_question(
        services.sessions,
        text=question,
        status=answer.status.value,
        posting_ids=refs,
        now=now,
        team_id=where.team_id,
        channel=where.channel,
        thread=where.thread,
        user_id=where.user_id,
        subject=subject,
        extras=facet_rows(answer, team_id=where.team_id, now=now),  # facets asked and answered, for insights
    )
    return answer, qid


def _names_one_role(answer: Answer) -> bool:
    return (
        answer.status in (Status.ANSWERED, Status.NOT_STATED)
        and len(answer.postings) == 1
        and answer.intent != Intent.DISCOVERY
    )


def _ask_in_context(services: Services, question: str, subject: str | None, *, explicit: bool) -> Answer:
    """A question that names a role on its own is about that role, even mid-conversation ("and the
    platform intern?"); otherwise it is about the conversation's role ("what about pay?")."""
    day = today(services)
    if subject is not None and not explicit:
        alone = services.engine.ask(question, context=None, today=day)
        if _names_one_role(alone) and alone.postings[0].id != subject:
            return alone
    return services.engine.ask(question, context=Context(posting_id=subject), today=day)


def answer_reply(
    services: Services,
    question: str,
    where: Where,
    *,
    shareable: bool = False,
    posting_id: str | None = None,
    asked_by: str | None = None,
) -> Reply:
    answer, qid = ask(services, question, where, posting_id=posting_id)
    by_id = {p.id: p for p in services.postings}
    message = blocks.answer_message(
        answer, question=question, question_id=qid, postings=by_id, shareable=shareable, asked_by=asked_by
    )
    return Reply(message=message, answer=answer)


HELP_WORDS = frozenset({"", "help", "?"})


def conversation_reply(services: Services, text: str, where: Where) -> blocks.Message:
    """A DM, a mention or a thread reply: usage for "help", otherwise the answer."""
    refused = refusal(services, text)
    if refused is not None:
        return refused
    if text.casefold() in HELP_WORDS:
        return blocks.help_message(digests=digest_module() is not None)
    return answer_reply(services, text, where).message


def choose_reply(services: Services, value: str, user_id: str) -> tuple[Reply, Where] | None:
    """A click on a candidate: answer the stored question for the chosen posting."""
    qid, _, posting_id = value.partition("|")
    number = row_id(qid)
    question = store.get_question(services.sessions, number) if number is not None else None
    if question is None or services.engine.get(posting_id) is None:
        return None
    where = Where(question.team_id, question.channel, question.thread, user_id or question.user_id)
    return answer_reply(services, question.text, where, posting_id=posting_id), where


def share_reply(services: Services, value: str, user_id: str) -> Reply | None:
    """The "Share in channel" button: the same question answered again for everyone to see."""
    number = row_id(value)
    question = store.get_question(services.sessions, number) if number is not None else None
    if question is None:
        return None
    ids = question.posting_ids.split()
    where = Where(question.team_id, question.channel, question.thread, question.user_id)
    reply = answer_reply(
        services, question.text, where, posting_id=ids[0] if len(ids) == 1 else None, asked_by=user_id
    )
    reply.public = True
    return reply


def feedback(services: Services, value: str, user_id: str, *, helpful: bool) -> blocks.Message:
    number = row_id(value)
    ok = number is not None and store.record_feedback(
        services.sessions, question_id=number, user_id=user_id, helpful=helpful, now=services.now()
    )
    if not ok:
        return blocks.notice("I couldn't find that answer any more, but thanks for telling me.")
    return blocks.notice("Thanks, noted." if helpful else "Thanks for telling me; I'll pass that on.")


# -- listing and showing ------------------------------------------------------------------------------------
def newest_open(services: Services) -> list[Posting]:
    now = today(services)
    open_ = [p for p in services.postings if not p.is_closed(now)]
    return sorted(open_, key=lambda p: p.date_posted or date.min, reverse=True)


def find(services: Services, query: str, *, limit: int | None = None) -> list[Posting]:
    """Open roles matching ``query`` (the engine's filters and ranking), or all open roles newest first;
    every match when ``limit`` is None, so the caller can say how many there are."""
    if not query.strip():
        return newest_open(services)[:limit]
    day = today(services)
    wanted = len(services.postings) if limit is None else limit
    # The engine ranks open roles first but may include closed ones; lists here promise open roles.
    found = [p for p in services.engine.find(query, limit=wanted, today=day) if not p.is_closed(day)]
    return found[:limit]


def list_reply(services: Services, query: str) -> blocks.Message:
    found = find(services, query)
    return blocks.posting_list(found[:LIST_LIMIT], query=query, total=len(found))


def show_reply(services: Services, words: str, where: Where) -> blocks.Message:
    found = find_posting(services.engine, words, today=today(services))
    if isinstance(found, list):
        if found:
            return blocks.posting_list(found, query=words, total=len(found))
        return blocks.notice(f"No posting matches “{blocks.escape(words)}”. Try `/roles list`.")
    store.set_conversation_posting(services.sessions, where.channel, where.thread, found.id, services.now())
    return blocks.posting_message(found)


GONE = "That role is no longer in my postings; it may have closed."


def role_card(services: Services, posting_id: str, where: Where) -> tuple[blocks.Message, Posting | None]:
    """ "Ask about this role" (a digest's or an alert's button): the posting's card, and the conversation
    at ``where`` now about it; a notice and None when the role is gone."""
    posting = services.engine.get(posting_id)
    if posting is None:
        return blocks.notice(GONE), None
    store.set_conversation_posting(services.sessions, where.channel, where.thread, posting.id, services.now())
    return blocks.posting_summary(posting), posting


def sent_to_dm(posting: Posting) -> blocks.Message:
    """Where the card went, said where the button was clicked (a channel)."""
    return blocks.notice(
        f"I sent you *{blocks.escape(posting.title)}* ({blocks.escape(posting.company)}) in our DM: "
        "ask me anything about it there."
    )


def home(
    services: Services,
    query: str,
    digests: list[blocks.DigestEntry] | None,
    *,
    extra: Sequence[Block] = (),
) -> View:
    query = search_text(services, query)
    found = find(services, query)
    return blocks.home_view(found[:HOME_LIMIT], query=query, total=len(found), digests=digests, extra=extra)


# -- digests (another module's; optional) -------------------------------------------------------------------
def digest_module() -> ModuleType | None:
    try:
        return importlib.import_module("rolecall.digest.commands")
    except ImportError:
        return None


def home_digests(services: Services, team_id: str, user_id: str) -> list[blocks.DigestEntry] | None:
    module = digest_module()
    if module is None or not hasattr(module, "home_digests"):
        return None
    return [
        blocks.DigestEntry(d.id, d.line, d.paused) for d in module.home_digests(services, team_id, user_id)
    ]


def manage_digest(services: Services, *, team_id: str, user_id: str, verb: str, digest_id: str) -> str:
    """An App Home button: the same subcommand `/roles unsubscribe|resume <id>` runs."""
    module = digest_module()
    number = row_id(digest_id)
    if module is None or number is None:
        return "That digest can't be changed from here."
    return str(
        module.handle(
            services,
            team_id=team_id,
            channel_id="",
            user_id=user_id,
            user_tz=None,
            text=f"{verb} {number}",
        )
    )


# -- the slash command --------------------------------------------------------------------------------------
def run_command(services: Services, text: str, where: Where, *, user_tz: Callable[[], str | None]) -> Reply:
    """``/roles ...``: route the subcommand; anything that is not one is a question."""
    text = from_slack(text)
    refused = refusal(services, text)
    if refused is not None:
        return Reply(refused)
    word, _, rest = text.partition(" ")
    verb = word.casefold()
    module = digest_module()
    digests = module is not None  # the help only mentions digests when they are installed
    if verb in {"", "help", "-h", "--help", "?"}:
        return Reply(blocks.help_message(digests=digests))
    if verb == "list":
        return Reply(list_reply(services, rest))
    if verb == "show":
        if not rest:
            return Reply(
                blocks.help_message(
                    problem="`/roles show` needs a posting id or title words.", digests=digests
                )
            )
        return Reply(show_reply(services, rest, where))
    if verb == "share":
        if not rest:
            return Reply(
                blocks.help_message(problem="`/roles share` needs a question to answer.", digests=digests)
            )
        reply = answer_reply(services, rest, where, asked_by=where.user_id)
        reply.public = True
        return reply
    if verb in DIGEST_WORDS or (module is not None and verb in getattr(module, "COMMANDS", ())):
        if module is None:
            return Reply(blocks.notice("Digests are not available in this installation."))
        mrkdwn = module.handle(
            services,
            team_id=where.team_id,
            channel_id=where.channel,
            user_id=where.user_id,
            user_tz=user_tz() or services.settings.default_timezone,
            text=text,
        )
        return Reply(blocks.notice(mrkdwn))
    return answer_reply(services, text, where, shareable=True)
