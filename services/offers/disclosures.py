"""Disclosure rules per market and the caption checker.

Rules are data: one file per market in services/data/disclosure_rules/ (us.json, uk.json, de.json, fr.json,
es.json, ae.json, sa.json) plus platforms.json for each platform's own disclosure tool and where its caption is
cut behind "more". Every label and rule names its source (publisher, title, URL, date). This module knows
only generic checks, read from the files:

- ``label``        an accepted label for the relationship is present; weak labels ("#sp", "thanks @brand")
                   are named with the reason they fall short;
- ``upfront``      the first accepted label starts within the rule's ``within`` characters;
- ``before_cut``   the first accepted label starts before the platform's "more" cut;
- ``hashtag_pile`` not every accepted label sits inside a pile of three or more hashtags (a pile at the
                   very start of the caption is upfront, not buried);
- ``overlabel``    a post with no commercial relationship is not labelled as advertising;
- ``manual``       checklist items a caption cannot show (spoken disclosure, the platform's toggle, permits).

Matching is case-insensitive, ignores accents and Arabic diacritics (so "إعلان" and "اعلان" match, and
"publicite" matches "Publicité"), respects word boundaries ("#adventure" is not "#ad"), and ignores URLs.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from services.core import platforms

from services.core.errors import ValidationError

RULES_DIR = Path(__file__).resolve().parent / "disclosure_rules"
JURISDICTIONS = ("US", "UK", "DE", "FR", "ES", "AE", "SA")
RELATIONSHIPS = ("paid", "gifted", "affiliate", "none")
PLATFORMS = platforms.DEAL_KEYS
CHECKS = ("label", "upfront", "before_cut", "hashtag_pile", "overlabel", "manual")
SEVERITIES = ("fail", "review")
PILE_MIN = 3  # hashtags in a row that make a pile

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_TATWEEL = "\u0640"


# -- data ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    date: str


@dataclass(frozen=True)
class Label:
    id: str
    lang: str
    regexes: tuple[re.Pattern, ...]
    accepted_for: frozenset[str]
    weak_for: frozenset[str]
    severity: str
    why: str | None
    source: Source | None


@dataclass(frozen=True)
class Rule:
    id: str
    market: str            # "US"… or "platform"
    check: str
    severity: str
    text: dict[str, str]   # locale -> checklist wording
    message: str | None    # finding wording ({position}, {cut} placeholders)
    source: Source
    relationships: frozenset[str] | None
    platforms: frozenset[str] | None
    content_types: frozenset[str] | None
    within: int | None = None

    def applies(self, *, relationship: str, platform: str | None = None, content_type: str | None = None) -> bool:
        return ((self.relationships is None or relationship in self.relationships)
                and (self.platforms is None or platform is None or platform in self.platforms)
                and (self.content_types is None or content_type is None or content_type in self.content_types))

    def text_for(self, locale: str = "en") -> str:
        return self.text.get(locale) or self.text["en"]

    @property
    def automatic(self) -> bool:
        return self.check != "manual"


@dataclass(frozen=True)
class Market:
    code: str
    name: str
    regulator: str
    languages: tuple[str, ...]
    reviewed: str
    sources: dict[str, Source]
    labels: tuple[Label, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class PlatformInfo:
    code: str
    name: str
    more_cut: int | None
    cut_source: Source | None


# -- results ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str   # "fail" | "review"
    message: str
    source: Source


@dataclass(frozen=True)
class LabelMatch:
    label_id: str
    text: str       # as written in the caption
    start: int      # character offset in the caption
    end: int
    kind: str       # "accepted" | "weak"


@dataclass(frozen=True)
class CaptionCheck:
    status: str     # "pass" | "fail" | "review"
    findings: tuple[Finding, ...]
    labels: tuple[LabelMatch, ...] = ()
    jurisdiction: str = ""
    platform: str = ""
    relationship: str = ""


# -- the checker ----------------------------------------------------------------------------------------------

def check_caption(caption: str | None, *, platform: str, jurisdiction: str, relationship: str) -> CaptionCheck:
    """Checks a caption's disclosure against one market's rules for one platform and relationship.
    status is "fail" when a rule fails, "review" when something needs a human look, otherwise "pass"."""
    platform, jurisdiction, relationship = _checked_arguments(platform, jurisdiction, relationship)
    text = caption or ""
    rules = market(jurisdiction)
    info = platform_info(platform)
    matches = find_labels(text, jurisdiction=jurisdiction, relationship=relationship)
    accepted = [m for m in matches if m.kind == "accepted"]
    weak = [m for m in matches if m.kind == "weak"]
    labels_by_id = {label.id: label for label in rules.labels}

    findings: list[Finding] = []
    label_ok = True
    for rule in rules.rules:
        if rule.check == "manual" or not rule.applies(relationship=relationship, platform=platform):
            continue
        if rule.check == "label":
            if accepted:
                continue
            label_ok = False
            findings.append(_label_finding(rule, weak, labels_by_id))
        elif rule.check == "overlabel":
            if accepted:
                findings.append(Finding(rule.id, rule.severity, rule.message or rule.text_for(), rule.source))

    if accepted and label_ok and relationship != "none":
        first = min(accepted, key=lambda m: m.start)
        buried = all(_in_pile(m, text) for m in accepted)
        for rule in rules.rules:
            if not rule.applies(relationship=relationship, platform=platform):
                continue
            if rule.check == "upfront" and rule.within is not None and first.start > rule.within:
                findings.append(_placed(rule, first.start, info.more_cut))
            elif (rule.check == "before_cut" and info.more_cut is not None and len(text) > info.more_cut
                  and first.start >= info.more_cut):
                findings.append(_placed(rule, first.start, info.more_cut))
            elif rule.check == "hashtag_pile" and buried:
                findings.append(_placed(rule, first.start, info.more_cut))

    status = "fail" if any(f.severity == "fail" for f in findings) else \
        "review" if findings else "pass"
    return CaptionCheck(status, tuple(findings), tuple(accepted + weak), jurisdiction, platform, relationship)


def find_labels(caption: str, *, jurisdiction: str, relationship: str) -> list[LabelMatch]:
    """Every accepted and weak label of the market in the caption, in order. For relationship "none"
    labels accepted for any relationship count as accepted (to spot labelling "just in case")."""
    rules = market(jurisdiction)
    masked = _URL.sub(lambda m: " " * len(m.group(0)), caption or "")
    normal, index = _normalize(masked)
    found: list[tuple[int, int, str, str]] = []  # normalised start, end, label id, kind
    for label in rules.labels:
        if relationship == "none":
            kind = "accepted" if label.accepted_for else None
        elif relationship in label.accepted_for:
            kind = "accepted"
        elif relationship in label.weak_for:
            kind = "weak"
        else:
            kind = None
        if kind is None:
            continue
        for regex in label.regexes:
            for m in regex.finditer(normal):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), label.id, kind))
    weak_spans = [(s, e) for s, e, _, k in found if k == "weak"]
    accepted_spans = [(s, e) for s, e, _, k in found if k == "accepted"]
    kept = []
    for s, e, label_id, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if kind == "accepted" and any(ws <= s and e <= we and (we - ws) > (e - s) for ws, we in weak_spans):
            continue  # "unbezahlte Werbung" is not "Werbung"
        if kind == "weak" and any(a_s <= s and e <= a_e and (a_e - a_s) > (e - s) for a_s, a_e in accepted_spans):
            continue  # "Collaboration" inside "Collaboration commerciale"
        if any(ks == s and kk == kind for ks, _, _, kk in kept):
            continue  # one label per position and kind
        kept.append((s, e, label_id, kind))
    out = []
    for s, e, label_id, kind in kept:
        start, end = index[s], index[e - 1] + 1
        out.append(LabelMatch(label_id, caption[start:end], start, end, kind))
    return out


def _label_finding(rule: Rule, weak: list[LabelMatch], labels: dict[str, Label]) -> Finding:
    if not weak:
        return Finding(rule.id, rule.severity, rule.message or rule.text_for(), rule.source)
    reasons, severities, seen = [], [], set()
    for m in weak:
        label = labels[m.label_id]
        if label.id in seen:
            continue
        seen.add(label.id)
        reasons.append(f"\"{m.text}\": {label.why}" if label.why else f"\"{m.text}\"")
        severities.append(label.severity)
    severity = "fail" if "fail" in severities else "review"
    first = labels[weak[0].label_id]
    message = f"{rule.message or rule.text_for()} Found only a weak label: " + "; ".join(reasons) + "."
    return Finding(rule.id, severity, message, first.source or rule.source)


def _placed(rule: Rule, position: int, cut: int | None) -> Finding:
    message = (rule.message or rule.text_for()).format(position=position, cut=cut if cut is not None else "—")
    return Finding(rule.id, rule.severity, message, rule.source)


def _in_pile(match: LabelMatch, caption: str) -> bool:
    """Inside a run of PILE_MIN or more hashtags that does not open the caption."""
    tokens = list(_TOKEN.finditer(caption))
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for token in tokens:
        if token.group(0).startswith("#") and len(token.group(0)) > 1:
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:
        if len(run) < PILE_MIN or run[0] is tokens[0]:
            continue
        if run[0].start() <= match.start < run[-1].end():
            return True
    return False


def _checked_arguments(platform: str, jurisdiction: str, relationship: str) -> tuple[str, str, str]:
    p = (platform or "").strip().lower()
    j = (jurisdiction or "").strip().upper()
    r = (relationship or "").strip().lower()
    if j == "GB":
        j = "UK"
    if p not in PLATFORMS:
        raise ValidationError(f'Unknown platform "{platform}": use one of {", ".join(PLATFORMS)}.')
    if j not in JURISDICTIONS:
        raise ValidationError(f'Unknown jurisdiction "{jurisdiction}": use one of {", ".join(JURISDICTIONS)}.')
    if r not in RELATIONSHIPS:
        raise ValidationError(f'Unknown relationship "{relationship}": use one of {", ".join(RELATIONSHIPS)}.')
    return p, j, r


# -- checklists -----------------------------------------------------------------------------------------------

def content_type(format_: str) -> str:
    return _platform_file()["content_types"].get(format_, "text")


def checklist(markets, *, platform: str, format_: str, relationship: str) -> list[Rule]:
    """The rules a deliverable must follow: every market the creator reaches, then the platform's own tool."""
    kind = content_type(format_)
    out: list[Rule] = []
    for code in markets:
        if code not in JURISDICTIONS:
            continue
        out.extend(r for r in market(code).rules
                   if r.check != "overlabel" and r.applies(relationship=relationship, platform=platform,
                                                           content_type=kind))
    out.extend(r for r in platform_rules() if r.applies(relationship=relationship, platform=platform,
                                                        content_type=kind))
    return out


# -- loading ---------------------------------------------------------------------------------------------------

def markets() -> list[Market]:
    return [market(code) for code in JURISDICTIONS]


@cache
def market(code: str) -> Market:
    code = code.upper()
    if code not in JURISDICTIONS:
        raise ValidationError(f'Unknown market "{code}".')
    path = RULES_DIR / f"{code.lower()}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    where = path.name
    if data.get("market") != code:
        raise ValueError(f"{where}: market must be {code}")
    sources = {key: _source(value, f"{where} source {key}") for key, value in data["sources"].items()}
    labels = tuple(_label(item, sources, where) for item in data["labels"])
    rules = tuple(_rule(item, sources, code, where) for item in data["rules"])
    if not any(r.check == "label" for r in rules):
        raise ValueError(f"{where}: a market needs a label rule")
    return Market(code, data["name"], data["regulator"], tuple(data["languages"]), data["reviewed"], sources,
                  labels, rules)


@cache
def _platform_file() -> dict:
    return json.loads((RULES_DIR / "platforms.json").read_text(encoding="utf-8"))


@cache
def platform_sources() -> dict[str, Source]:
    return {key: _source(value, f"platforms.json source {key}") for key, value in _platform_file()["sources"].items()}


@cache
def platform_info(code: str) -> PlatformInfo:
    item = _platform_file()["platforms"][code]
    cut_source = platform_sources()[item["cut_source"]] if item.get("cut_source") else None
    return PlatformInfo(code, item["name"], item.get("more_cut"), cut_source)


@cache
def platform_rules() -> tuple[Rule, ...]:
    return tuple(_rule(item, platform_sources(), "platform", "platforms.json") for item in _platform_file()["rules"])


def _source(value: dict, where: str) -> Source:
    missing = [k for k in ("publisher", "title", "url", "date") if not value.get(k)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if not value["url"].startswith(("https://", "http://")):
        raise ValueError(f"{where}: url must be a web address")
    return Source(value["publisher"], value["title"], value["url"], value["date"])


def _label(item: dict, sources: dict[str, Source], where: str) -> Label:
    forms = set(item.get("forms", ("plain", "hashtag")))
    regexes = [re.compile(p) for p in item.get("patterns", ())]
    for phrase in item.get("phrases", ()):
        regexes.extend(_phrase_regexes(phrase, forms))
    if not regexes:
        raise ValueError(f"{where}: label {item['id']} has no phrases or patterns")
    weak_for = frozenset(item.get("weak_for", ()))
    if weak_for and (not item.get("why") or item.get("source") not in sources):
        raise ValueError(f"{where}: weak label {item['id']} needs a reason and a known source")
    severity = item.get("severity", "fail")
    if severity not in SEVERITIES:
        raise ValueError(f"{where}: label {item['id']} has unknown severity {severity}")
    return Label(item["id"], item.get("lang", "en"), tuple(regexes), frozenset(item.get("accepted_for", ())),
                 weak_for, severity, item.get("why"), sources.get(item.get("source")))


def _rule(item: dict, sources: dict[str, Source], market_code: str, where: str) -> Rule:
    if item.get("check") not in CHECKS:
        raise ValueError(f"{where}: rule {item.get('id')} has unknown check {item.get('check')}")
    if item.get("source") not in sources:
        raise ValueError(f"{where}: rule {item['id']} cites unknown source {item.get('source')}")
    text = item["text"] if isinstance(item["text"], dict) else {"en": item["text"]}
    if "en" not in text:
        raise ValueError(f"{where}: rule {item['id']} needs an English text")
    applies = item.get("applies", {})
    as_set = lambda key: frozenset(applies[key]) if key in applies else None  # noqa: E731
    severity = item.get("severity", "fail")
    if severity not in SEVERITIES:
        raise ValueError(f"{where}: rule {item['id']} has unknown severity {severity}")
    return Rule(item["id"], market_code, item["check"], severity, text, item.get("message"),
                sources[item["source"]], as_set("relationships"), as_set("platforms"), as_set("content_types"),
                item.get("within"))


def _phrase_regexes(phrase: str, forms: set[str]) -> list[re.Pattern]:
    words = _normalize(phrase)[0].split()
    escaped = [re.escape(w) for w in words]
    out = []
    if "plain" in forms:
        out.append(re.compile(r"(?<![\w#@/.\-])" + r"\s+".join(escaped) + r"(?![\w/\-])"))
    if "hashtag" in forms:
        out.append(re.compile(r"(?<![\w&])#" + "_?".join(escaped) + r"(?![\w])"))
    return out


def _normalize(text: str) -> tuple[str, list[int]]:
    """Case-folded text without accents, Arabic diacritics or tatweel, and for each of its characters the
    offset of the character it came from (so matches map back onto the caption as written)."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch == _TATWEEL:
            continue
        for c in unicodedata.normalize("NFKD", ch.casefold()):
            if unicodedata.combining(c):
                continue
            chars.append(c)
            index.append(i)
    return "".join(chars), index
