"""Turning posting text (plain or HTML) into ordered sections of quotable passages.

The answer engine quotes passages verbatim, so a passage must read as a whole thought: a bullet stays one
passage, a paragraph is split into sentences (without breaking "U.S." or "e.g."), and site chrome never
becomes a passage.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from typing import Literal

import ftfy
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from rolecall.postings.model import Section

BlockKind = Literal["heading", "para", "bullet"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str


# ---------------------------------------------------------------------------------------------------------
# Cleaning


# ASCII text without these has nothing for ftfy to fix (no mojibake, quotes, widths or ligatures are
# possible; these are its entities, line breaks, control and terminal-escape characters).
_FTFY_WORK_IN_ASCII = re.compile(r"[&\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Repair mojibake and odd whitespace; collapse runs of spaces (newlines are kept)."""
    if not text.isascii() or _FTFY_WORK_IN_ASCII.search(text):
        text = ftfy.fix_text(text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


# ---------------------------------------------------------------------------------------------------------
# Site chrome: lines a scraped job page carries that say nothing about the job.

_CHROME_LINE = re.compile(
    r"""^(?:
        skip\ to\ (?:main\ )?content.* | want\ more\ jobs\ like\ this\??
      | get\ jobs\ delivered\ to\ your\ inbox.*
      | select\ a\ location | by\ signing\ up,?\ you\ agree.* | sign\ up(?:\ for.*)? | subscribe(?:\ to.*)?
      | company\ videos | hear\ directly\ from\ employees.* | share\ this\ job | save\ (?:this\ )?job
      | back\ to\ (?:all\ )?jobs | similar\ jobs | more\ jobs\ (?:like\ this|at\ .*) | see\ more\ jobs.*
      | (?:accept|manage)\ (?:all\ )?cookies.* | this\ (?:site|website)\ uses\ cookies.*
      | cookie\ (?:policy|settings) | privacy\ policy | terms\ of\ (?:service|use) | log\ ?in | sign\ in
      | open\ menu | apply\ for\ this\ job
      | report\ this\ job | a\ logo\ with\ .* | follow\ us.* | related\ jobs | recommended\ jobs
      | get\ notified.* | create\ (?:a\ )?job\ alert.* | email\ me\ jobs\ like\ this
      | apply\ now | apply | share | save | print | email\ this\ job | report\ job | back | next | previous
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Headings after which a page is all chrome (videos, job alerts, similar jobs): drop the section entirely.
_CHROME_HEADING = re.compile(
    r"^(?:company\ videos|similar\ jobs|related\ jobs|more\ jobs.*|recommended\ jobs|want\ more\ jobs.*"
    r"|jobs\ you\ may\ like|people\ also\ viewed)$",
    re.IGNORECASE | re.VERBOSE,
)


def is_chrome(line: str) -> bool:
    return bool(_CHROME_LINE.match(line.strip()))


def is_chrome_heading(line: str) -> bool:
    return bool(_CHROME_HEADING.match(line.strip().rstrip(":")))


# ---------------------------------------------------------------------------------------------------------
# Sentences

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "vs",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "no",
    "approx",
    "dept",
    "u.s",
    "u.k",
    "u.s.a",
    "d.c",
    "a.m",
    "p.m",
    "ph.d",
    "b.s",
    "m.s",
    "b.a",
    "m.a",
    "mt",
    "ft",
    "fig",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    # German (and other) abbreviations postings use mid-sentence
    "inkl",
    "exkl",
    "zzgl",
    "bzw",
    "ca",
    "max",
    "min",
    "evtl",
    "ggf",
    "vgl",
    "usw",
    "z.b",
    "u.a",
    "d.h",
    "nr",
    "str",
    "abt",
}

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9$€£•])")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations and initials do not end one."""
    paragraph = " ".join(paragraph.split())
    if not paragraph:
        return []
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : m.start()].rstrip()
        last_word = candidate.split()[-1] if candidate.split() else ""
        stem = last_word.rstrip(".!?\"'”’)]").lstrip("(\"'“‘[").lower()
        if candidate.endswith(".") and (stem in _ABBREVIATIONS or re.fullmatch(r"[a-z]", stem)):
            continue  # "U.S. citizens", "John A. Smith"
        pieces.append(paragraph[start : m.end()].strip())
        start = m.end()
    pieces.append(paragraph[start:].strip())
    # A fragment of a word or two ("Yes.", "To design.") reads better joined to its neighbour.
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if merged and len(piece) < 20:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


# ---------------------------------------------------------------------------------------------------------
# Plain text -> blocks

_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□\-–—*+]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_LABEL_ONLY = re.compile(r"^[^.!?]{2,60}:$")


def looks_like_heading(line: str, *, next_line: str | None = None) -> bool:
    """A short line with no sentence punctuation that introduces what follows."""
    s = line.strip()
    if not s or len(s) > 70 or _BULLET.match(s):
        return False
    if _LABEL_ONLY.match(s):
        return True
    if s[-1] in ".!?,;" or len(s.split()) > 9:
        return False
    if next_line is None:
        return False
    return s[0].isupper() or s[0].isdigit()


def blocks_from_text(text: str) -> list[Block]:
    """Plain text (one paragraph per line, bullets marked) -> blocks. Headings are guessed by shape."""
    lines = [ln.strip() for ln in clean(text).split("\n")]
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if not line or is_chrome(line):
            continue
        nxt = next((ln for ln in lines[i + 1 :] if ln and not is_chrome(ln)), None)
        if _BULLET.match(line):
            body = _BULLET.sub("", line, count=1).strip()
            if body:
                blocks.append(Block("bullet", body))
        elif looks_like_heading(line, next_line=nxt):
            blocks.append(Block("heading", line.rstrip(":").strip()))
        else:
            blocks.append(Block("para", line))
    return blocks


# ---------------------------------------------------------------------------------------------------------
# HTML -> blocks

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "form", "button", "iframe", "head"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "blockquote",
    "pre",
    "body",
    "html",
    "figure",
    "hr",
}
_EMPHASIS = {"strong", "b", "u"}


class _HtmlBlocks:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        self._emit_text(raw)

    def _emit_text(self, raw: str) -> None:
        # Text inside one HTML block can still carry structure through newlines (forum posts use "- " lines,
        # "Requirements:" lines and blank lines instead of tags), so honour them. A newline is a break only
        # when the line before ends a thought or the next line starts a new one; hard-wrapped prose rejoins.
        for chunk in re.split(r"\n\s*\n", raw):
            lines = [" ".join(line.split()) for line in chunk.split("\n")]
            lines = [ln for ln in lines if ln]
            para: list[str] = []
            under_label = False
            for i, s in enumerate(lines):
                if _BULLET.match(s):
                    self._flush_para(para)
                    body = _BULLET.sub("", s, count=1).strip()
                    if body:
                        self.blocks.append(Block("bullet", body))
                    continue
                if len(lines) > 1 and _LABEL_ONLY.match(s) and i + 1 < len(lines):
                    self._flush_para(para)
                    self.blocks.append(Block("heading", s.rstrip(":").strip()))
                    under_label = True
                    continue
                if under_label and not s.endswith((".", "!", "?")) and len(s) <= 160:
                    self._flush_para(para)
                    self.blocks.append(Block("bullet", s))
                    continue
                para.append(s)
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                if nxt and (s.endswith((".", "!", "?", ":")) or nxt[:1].isupper() or nxt[:1].isdigit()):
                    self._flush_para(para)
            self._flush_para(para)

    def _flush_para(self, para: list[str]) -> None:
        if para:
            self._para(" ".join(para))
            para.clear()

    def _para(self, text: str) -> None:
        if text and not is_chrome(text):
            self.blocks.append(Block("para", text))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _SKIP_TAGS:
                continue
            if name == "br":
                self.buf.append("\n")
            elif name == "a":
                self.buf.append(link_text(child))
                # A link run straight into another element ("<a>Show data</a><span>All posts</span>") is a
                # separate caption, not one word: break the line there.
                nxt = child.next_sibling
                if isinstance(nxt, Tag) and nxt.name.lower() not in ("br",) and nxt.get_text().strip():
                    self.buf.append("\n")
            elif name == "dl" and self._definition_list(child):
                continue
            elif name in _HEADING_TAGS:
                self.flush()
                text = one_line(child.get_text(" "))
                if text:
                    self.blocks.append(Block("heading", text.rstrip(":")))
            elif name == "li":
                self.flush()
                inner = _HtmlBlocks()
                inner.walk(child)
                inner.flush()
                texts = [b.text for b in inner.blocks if b.kind != "heading"]
                if texts:
                    self.blocks.append(Block("bullet", " ".join(texts)))
            elif name in _BLOCK_TAGS:
                self.flush()
                if self._emphasised_heading(child):
                    self.blocks.append(Block("heading", one_line(child.get_text(" ")).rstrip(":")))
                else:
                    self.walk(child)
                    self.flush()
            else:
                self.walk(child)

    def _definition_list(self, dl: Tag) -> bool:
        """`<dt>Location:</dt><dd>Vienna</dd>` pairs -> 'Location: Vienna' lines, a nested list flattened
        into its term's value; a long definition keeps its own blocks under the term as a heading."""
        items = [c for c in dl.children if isinstance(c, Tag) and c.name in ("dt", "dd")]
        if not items or not any(c.name == "dt" for c in items):
            return False
        self.flush()
        term: str | None = None
        for item in items:
            text = one_line(item.get_text(" "))
            if item.name == "dt":
                if term:
                    self.blocks.append(Block("heading", term))
                term = text.rstrip(":").strip() or None
                continue
            if term and len(text) <= _DEFINITION_MAX:
                value = one_line("".join(_texts_with_links(item)))
                self.blocks.append(Block("para", f"{term}: {value}"))
            else:
                if term:
                    self.blocks.append(Block("heading", term))
                self.walk(item)
                self.flush()
            term = None
        if term:
            self.blocks.append(Block("heading", term))
        return True

    @staticmethod
    def _emphasised_heading(tag: Tag) -> bool:
        """`<p><strong>Culture</strong></p>`: a short block whose text is all bold reads as a heading."""
        text = one_line(tag.get_text(" "))
        if not text or len(text) > 70 or text[-1] in ".!?," or tag.find(list(_BLOCK_TAGS | {"li"})):
            return False
        bold = "".join(
            t.get_text(" ") for t in tag.find_all(list(_EMPHASIS)) if t.find_parent(list(_EMPHASIS)) is None
        )
        return one_line(bold) == text


_DEFINITION_MAX = 300
_SHORTENED = re.compile(r"(?:\.\.\.|…)$")


def link_text(anchor: Tag) -> str:
    """An anchor's visible text, or its address when the text is that address shortened for display
    ('https://example.com/jobs/12...' for a longer href, as Hacker News writes long links)."""
    text = anchor.get_text()
    href = str(anchor.get("href") or "").strip()
    shown = text.strip()
    if href.startswith(("http://", "https://")) and _SHORTENED.search(shown):
        stem = _SHORTENED.sub("", shown)
        if stem and href.startswith(stem):
            return text.replace(shown, href)
    return text


def _texts_with_links(tag: Tag) -> list[str]:
    """A tag's text pieces with each anchor's text as `link_text` gives it; block children spaced."""
    out: list[str] = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(str(child))
        elif isinstance(child, Tag) and child.name.lower() not in _SKIP_TAGS:
            if child.name.lower() == "a":
                out.append(link_text(child))
                continue
            block = child.name.lower() in _BLOCK_TAGS or child.name.lower() in ("li", "br")
            out.extend([" "] if block else [])
            out.extend(_texts_with_links(child))
            out.extend([" "] if block else [])
    return out


def blocks_from_html(markup: str) -> list[Block]:
    soup = BeautifulSoup(markup, "lxml")
    walker = _HtmlBlocks()
    walker.walk(soup)
    walker.flush()
    return walker.blocks


def unescape_html(text: str) -> str:
    """Undo entity escaping (Greenhouse sends `&lt;p&gt;`), twice at most."""
    for _ in range(2):
        if "&lt;" not in text and "&amp;" not in text and "&quot;" not in text:
            break
        text = html_lib.unescape(text)
    return text


# ---------------------------------------------------------------------------------------------------------
# Blocks -> sections


def passages_of(block: Block) -> list[str]:
    if block.kind == "bullet":
        return [block.text]
    return split_sentences(block.text)


def sections_from_blocks(blocks: list[Block], *, first_heading: str = "") -> list[Section]:
    """Group blocks under their headings; drop empty sections and chrome-headed ones."""
    sections: list[Section] = []
    current = Section(heading=first_heading)
    skipping = False
    for block in blocks:
        if block.kind == "heading":
            if current.passages:
                sections.append(current)
            skipping = is_chrome_heading(block.text)
            current = Section(heading=block.text)
            continue
        if skipping:
            continue
        current.passages.extend(p for p in passages_of(block) if p and not is_chrome(p))
    if current.passages and not skipping:
        sections.append(current)
    return _merge_empty_headings(sections)


def _merge_empty_headings(sections: list[Section]) -> list[Section]:
    merged: list[Section] = []
    for s in sections:
        if merged and merged[-1].heading == s.heading:
            merged[-1].passages.extend(s.passages)
        else:
            merged.append(s)
    return merged


def sections_from_html(markup: str) -> list[Section]:
    return sections_from_blocks(blocks_from_html(markup))


def sections_from_plain(text: str, *, heading: str = "") -> list[Section]:
    """Plain text from an API's `*Plain` field (paragraphs separated by blank lines)."""
    blocks = blocks_from_text(text)
    return sections_from_blocks(blocks, first_heading=heading)
