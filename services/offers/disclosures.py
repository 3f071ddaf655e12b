"""The caption checker (v2) and the disclosure checklists.

`check_caption(caption, platform=, jurisdiction=, relationship=, platform_tool=False, category=None)` reads the
caption as folded text (services.offers.disclosure_text: NFKC, styled and full-width letters, zero-width
characters, accents and Arabic diacritics, Arabic-Indic digits, "/", "|", "·" as separators) and applies the
market's rules (services.offers.disclosure_data, one JSON file per market):

- ``label``        an accepted label for the relationship is present, not negated ("not sponsored", "keine
                   Anzeige", "ليس إعلانًا"), and not merely a word in a sentence ("my favourite Super Bowl ad");
                   weak labels are named with the reason they fall short; a label that may be part of a sentence
                   is "review";
- ``upfront``      the first accepted label starts within the rule's ``within`` characters;
- ``before_cut``   some accepted label is visible before the platform's "more" cut, in characters and in lines;
- ``hashtag_pile`` some accepted label is not buried behind two or more other hashtags of a run (at the start
                   of the caption too);
- ``overlabel``    a post with no commercial relationship is not labelled as advertising;
- categories       a product category the market bans fails; a restricted one is "review" with its conditions;
- platform tool    with ``platform_tool=True`` an "info" finding says what the tool covers in that market, and
                   the tool counts as the label only where the market's file says so.

Status: "fail" if any finding fails, else "review" if any needs review, else "pass". Anything the checker
cannot decide is "review", never "pass". Findings carry the rule id, a sentence, the caption span and the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from services.core.errors import ValidationError
from services.offers.disclosure_data import (  # noqa: F401  (re-exported: the area's one entry point)
    CATEGORIES, CATEGORY_STATUSES, JURISDICTIONS, LANGUAGES, PLATFORMS, RELATIONSHIPS, RULES_DIR, SEVERITIES,
    CategoryRule, Label, LicenceRule, Market, PlatformInfo, Rule, Source, ToolNote, content_types, language,
    market, markets, platform_info, platform_labels, platform_rules)
from services.offers.disclosure_text import Folded, fold
from services.core.messages import N_, Message

PILE_BEFORE = 2          # other hashtags right before a label, in the same run, that bury it
FINDING_SEVERITIES = ("fail", "review", "info")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n\u060c\u061b\u2014\u2013]")
_WORD = re.compile(r"\w", re.UNICODE)
_TOKEN = re.compile(r"\S+")
_HASHTAG = re.compile(r"#\w+")


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str   # "fail" | "review" | "info"
    parts: tuple[Message, ...]            # its sentences, each translated where it is shown
    source: Source
    span: tuple[int, int] | None = None   # caption offsets [start, end) the finding refers to
    text: str = ""                        # that part of the caption, as written

    @property
    def message(self) -> str:
        """The finding in English (the command line, exports)."""
        return " ".join(str(p) for p in self.parts)


@dataclass(frozen=True)
class LabelMatch:
    label_id: str
    text: str       # as written in the caption
    start: int      # character offset in the caption
    end: int
    kind: str       # "accepted" | "weak" | "ambiguous" | "negated"
    line: int = 0


@dataclass(frozen=True)
class CaptionCheck:
    status: str     # "pass" | "fail" | "review"
    findings: tuple[Finding, ...]
    labels: tuple[LabelMatch, ...] = ()
    jurisdiction: str = ""
    platform: str = ""
    relationship: str = ""
    platform_tool: bool = False
    category: str | None = None

    def as_dict(self) -> dict:
        return {"status": self.status, "market": self.jurisdiction, "platform": self.platform,
                "relationship": self.relationship, "platform_tool": self.platform_tool, "category": self.category,
                "labels": [{"label": m.label_id, "text": m.text, "start": m.start, "end": m.end, "kind": m.kind}
                           for m in self.labels],
                "findings": [{"rule": f.rule_id, "severity": f.severity, "message": f.message,
                              "span": list(f.span) if f.span else None, "text": f.text,
                              "source": {"publisher": f.source.publisher, "title": f.source.title,
                                         "url": f.source.url, "date": f.source.date, "kind": f.source.kind}}
                             for f in self.findings]}


# -- the checker ----------------------------------------------------------------------------------------------

def check_caption(caption: str | None, *, platform: str, jurisdiction: str, relationship: str,
                  platform_tool: bool = False, category: str | None = None,
                  language: str | None = None) -> CaptionCheck:
    """Checks a caption's disclosure against one market's rules for one platform, relationship and product
    category. `language` narrows the negation words to one language (default: the market's languages and
    English)."""
    platform, jurisdiction, relationship, category = _checked_arguments(platform, jurisdiction, relationship,
                                                                        category)
    rules = market(jurisdiction)
    info = platform_info(platform)
    folded = fold(caption)
    matches = _find(folded, rules, relationship, platform, language)
    by_kind = {k: [m for m in matches if m.kind == k] for k in ("accepted", "weak", "ambiguous", "negated")}
    accepted = by_kind["accepted"]
    labels_by_id = {label.id: label for label in rules.labels + platform_labels()}
    active = relationship != "none"
    tool = rules.tool if platform_tool else None

    findings: list[Finding] = []
    for rule in rules.rules:
        if not rule.applies(relationship=relationship, platform=platform):
            continue
        if rule.check == "label":
            findings.extend(_label_findings(rule, by_kind, labels_by_id, tool))
        elif rule.check == "overlabel" and accepted:
            first = accepted[0]
            findings.append(Finding(rule.id, rule.severity, (_rule_text(rule),), rule.source,
                                    (first.start, first.end), first.text))

    if active and accepted:
        findings.extend(_placement_findings(rules, platform, relationship, info, folded, accepted))
    elif active and by_kind["ambiguous"]:
        # a label that may be part of a sentence is "review" at best, and hidden behind "more" it fails anyway
        findings.extend(f for f in _placement_findings(rules, platform, relationship, info, folded,
                                                       by_kind["ambiguous"]) if f.severity == "fail")
    if active and category:
        findings.extend(_category_findings(rules, category))
    if active and tool is not None:
        findings.append(_tool_finding(rules, tool, info))

    status = "fail" if any(f.severity == "fail" for f in findings) else \
        "review" if any(f.severity == "review" for f in findings) else "pass"
    return CaptionCheck(status, tuple(findings), tuple(matches), jurisdiction, platform, relationship,
                        bool(platform_tool), category)


def find_labels(caption: str, *, jurisdiction: str, relationship: str, platform: str = "instagram") -> list[LabelMatch]:
    """Every label of the market in the caption, in order, with its kind (accepted, weak, ambiguous, negated)."""
    platform, jurisdiction, relationship, _ = _checked_arguments(platform, jurisdiction, relationship, None)
    return _find(fold(caption), market(jurisdiction), relationship, platform, None)


def _label_findings(rule: Rule, by_kind: dict, labels: dict[str, Label], tool: ToolNote | None) -> list[Finding]:
    accepted, weak, ambiguous, negated = (by_kind[k] for k in ("accepted", "weak", "ambiguous", "negated"))
    if accepted:
        if negated:
            n = negated[0]
            return [Finding(rule.id, "review", (Message(
                "The caption also says it is not advertising (“{words}”): make sure the two do not contradict "
                "each other.", words=n.text),), rule.source, (n.start, n.end), n.text)]
        return []
    if tool is not None and tool.counts_as_label and not negated:
        return []
    if negated:
        n = negated[0]
        return [Finding(rule.id, "fail", (Message(
            "“{words}” says this is not advertising, but the relationship you chose is commercial: that misleads "
            "the audience.", words=n.text), _rule_text(rule)), rule.source, (n.start, n.end), n.text)]
    tool_severity = tool.without_caption_label if tool is not None else None
    if ambiguous:
        a = ambiguous[0]
        return [Finding(rule.id, "review", (Message(
            "“{words}” may be part of a sentence rather than a label: put it apart, at the start (“#ad”, “Ad:”).",
            words=a.text),), rule.source, (a.start, a.end), a.text)]
    if weak:
        reasons, severities, seen = [], [], set()
        for m in weak:
            label = labels[m.label_id]
            if label.id in seen:
                continue
            seen.add(label.id)
            reasons.append(Message("“{words}”: {why}", words=m.text, why=Message(label.why)) if label.why
                           else Message("“{words}”", words=m.text))
            severities.append(label.severity)
        severity = "fail" if "fail" in severities else "review"
        if tool_severity == "review":
            severity = "review"
        first = labels[weak[0].label_id]
        parts = (_rule_text(rule), Message("Found only a weak label: {labels}.", labels=tuple(reasons)))
        return [Finding(rule.id, severity, parts, first.source or rule.source, (weak[0].start, weak[0].end),
                        weak[0].text)]
    severity = tool_severity or rule.severity
    parts = (_rule_text(rule),)
    if tool_severity:
        parts += (Message("The platform's paid-partnership tool is on, but in this market it does not replace "
                          "the label."),)
    return [Finding(rule.id, severity, parts, rule.source)]


def _placement_findings(rules: Market, platform: str, relationship: str, info: PlatformInfo, folded: Folded,
                        accepted: list[LabelMatch]) -> list[Finding]:
    caption = folded.original
    first = accepted[0]
    total_lines = caption.count("\n") + 1
    cut_chars = info.more_cut if info.more_cut is not None and len(caption) > info.more_cut else None
    cut_lines = info.more_lines if info.more_lines is not None and total_lines > info.more_lines else None

    def visible(m: LabelMatch) -> bool:
        return (cut_chars is None or m.start < cut_chars) and (cut_lines is None or m.line < cut_lines)

    out = []
    for rule in rules.rules:
        if not rule.applies(relationship=relationship, platform=platform):
            continue
        span, text = (first.start, first.end), first.text
        if rule.check == "upfront" and rule.within is not None and first.start > rule.within:
            out.append(_placed(rule, first, info))
        elif rule.check == "before_cut" and not any(visible(m) for m in accepted):
            message = _rule_text(rule, position=first.start, cut=info.more_cut or "—")
            if cut_lines is not None and first.line >= cut_lines and (cut_chars is None or first.start < cut_chars):
                message = Message("The label is on line {line}: {platform} shows only the first {lines} lines "
                                  "before “more”, so line breaks push it out of sight.",
                                  line=first.line + 1, platform=info.name, lines=info.more_lines)
            out.append(Finding(rule.id, rule.severity, (message,), rule.source, span, text))
        elif rule.check == "hashtag_pile" and all(_buried(m, caption) for m in accepted):
            out.append(_placed(rule, first, info))
    return out


def _category_findings(rules: Market, category: str) -> list[Finding]:
    entry = rules.categories.get(category)
    if entry is None or entry.status == "allowed":
        return []
    note = (Message("(Wording not confirmed: {note}.)", note=entry.unconfirmed),) if entry.unconfirmed else ()
    rule_id = f"{rules.code.lower()}.category.{category}"
    name, where = Message(category_name(category)), Message(rules.name)
    if entry.status == "banned":
        return [Finding(rule_id, "fail", (Message("Influencers may not promote {category} in {market}: a correct "
                                                  "label does not make this post allowed.", category=name,
                                                  market=where),) + note, entry.source)]
    return [Finding(rule_id, "review", (Message("Restricted in {market}: {category}.", category=name, market=where),
                                        Message(entry.conditions_for())) + note, entry.source)]


def _tool_finding(rules: Market, tool: ToolNote, info: PlatformInfo) -> Finding:
    counted = (Message("In this market it counts as the label.") if tool.counts_as_label
               else Message("In this market it does not replace the label in the caption."))
    return Finding(f"{rules.code.lower()}.platform-tool", "info",
                   (Message("{platform}'s paid-partnership tool:", platform=info.name), Message(tool.covers), counted,
                    Message("Not covered: {what}", what=Message(tool.does_not_cover["en"]))), tool.source)


def _placed(rule: Rule, m: LabelMatch, info: PlatformInfo) -> Finding:
    return Finding(rule.id, rule.severity, (_rule_text(rule, position=m.start, cut=info.more_cut or "—"),),
                   rule.source, (m.start, m.end), m.text)


def _rule_text(rule: Rule, **values) -> Message:
    """A rule's own message from its market's file (extracted into the catalogues), with its values."""
    template = rule.message or rule.text_for()
    fields = {f for f in re.findall(r"{(\w+)}", template)}
    return Message(template, **{k: v for k, v in values.items() if k in fields})


def _buried(match: LabelMatch, caption: str) -> bool:
    """Right behind PILE_BEFORE or more hashtags in a row (a run at the very start counts too), whether the
    label is a hashtag itself or a word after them."""
    before = 0
    for token in _TOKEN.finditer(caption):
        if token.start() <= match.start < token.end():
            return before >= PILE_BEFORE
        before = before + 1 if token.group(0).startswith("#") and len(token.group(0)) > 1 else 0
    return False


# -- finding labels ---------------------------------------------------------------------------------------------

def _find(folded: Folded, rules: Market, relationship: str, platform: str, only_language: str | None) -> list[LabelMatch]:
    text = folded.text
    langs = (only_language,) if only_language else tuple(dict.fromkeys(rules.languages + ("en",)))
    found: list[tuple[int, int, str, str]] = []   # folded start, end, label id, kind
    for label in rules.labels + platform_labels():
        kind = _kind(label, rules, relationship, platform)
        if kind is None:
            continue
        for regex in label.regexes:
            for m in regex.finditer(text):
                if m.end() <= m.start():
                    continue
                k = kind
                if _negated(text, m.start(), langs):
                    k = "negated"
                elif not text.startswith("#", m.start()):
                    context = _context(text, m.start(), m.end(), langs)
                    if context == "prose":
                        continue
                    if context == "ambiguous" and k == "accepted":
                        k = "ambiguous"
                found.append((m.start(), m.end(), label.id, k))
    found.extend(_negated_hashtags(text, rules, relationship))
    found = _resolve(found)
    out = []
    for s, e, label_id, kind in found:
        start, end = folded.span(s, e)
        out.append(LabelMatch(label_id, folded.original[start:end], start, end, kind, folded.line_of(start)))
    return out


def _kind(label: Label, rules: Market, relationship: str, platform: str) -> str | None:
    if label.platform is not None:
        if label.platform != platform:
            return None
        if relationship == "none":
            return "accepted"
        ok = label.lang in rules.languages and rules.platform_labels == "accepted"
        return "accepted" if ok else "weak"
    if relationship == "none":
        return "accepted" if label.accepted_for else None
    if relationship in label.accepted_for:
        return "accepted"
    if relationship in label.weak_for:
        return "weak"
    return None


def _resolve(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    rank = {"accepted": 0, "ambiguous": 1, "weak": 2, "negated": 3}
    weak_spans = [(s, e) for s, e, _, k in found if k == "weak"]
    strong_spans = [(s, e) for s, e, _, k in found if k in ("accepted", "negated")]
    kept: list[tuple[int, int, str, str]] = []
    for s, e, label_id, kind in sorted(found, key=lambda f: (f[0], -f[1], rank[f[3]])):
        if kind in ("accepted", "ambiguous") and any(ws <= s and e <= we and (we - ws) > (e - s) for ws, we in weak_spans):
            continue  # "unbezahlte Werbung" is not "Werbung"
        if kind == "weak" and any(a_s <= s and e <= a_e and (a_e - a_s) > (e - s) for a_s, a_e in strong_spans):
            continue  # "Collaboration" inside "Collaboration commerciale"
        if any(ks <= s < ke for ks, ke, _, _ in kept):
            continue  # one label per stretch of text: the longest, strongest one
        kept.append((s, e, label_id, kind))
    return kept


def _clause_before(text: str, start: int) -> str:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    return text[(breaks[-1] if breaks else 0):start]


def _negated(text: str, start: int, langs: tuple[str, ...]) -> bool:
    """A negation word right before the label in the same clause, with at most two filler words between."""
    tokens = [t.strip("\"'“”«»()[]*") for t in _clause_before(text, start).split()]
    tokens = [t for t in tokens if t]
    negations = {w for code in langs for w in language(code).negations}
    fillers = {w for code in langs for w in language(code).fillers}
    skipped = 0
    for token in reversed(tokens):
        for part in reversed(token.replace("’", "'").split("'")) if "'" in token.replace("’", "'") else (token,):
            if not part:
                continue
            if part in negations or part + "'" in negations:
                return True
            if (part in fillers or part + "'" in fillers) and skipped < 2:
                skipped += 1
                continue
            return False
    return False


def _context(text: str, start: int, end: int, langs: tuple[str, ...]) -> str:
    """"label" when a short word stands apart like a label; "ambiguous" when it ends a sentence right after
    another word; "prose" when it sits between words ("my favourite Super Bowl ad is back")."""
    word = text[start:end]
    if word not in {w for code in langs for w in language(code).standalone}:
        return "label"
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip()
    line_end = text.find("\n", end)
    after = text[end:(line_end if line_end >= 0 else len(text))].lstrip()
    previous = before.split()[-1] if before.split() else ""
    left_word = bool(before) and bool(_WORD.match(before[-1])) and not previous.startswith(("#", "@"))
    right_word = bool(after) and bool(_WORD.match(after[0]))
    if not left_word:
        return "label"
    lead = before.lower()
    if any(lead.endswith(" " + li) or lead == li for code in langs for li in language(code).lead_ins):
        return "label"
    if right_word:
        return "prose"
    return "ambiguous"


def _negated_hashtags(text: str, rules: Market, relationship: str) -> list[tuple[int, int, str, str]]:
    """#notanad, #notsponsored, #keinewerbung, #nonsponsorise, #nopubli, #ليس_إعلان…"""
    if relationship == "none":
        return []
    joined: dict[str, str] = {}
    for label in rules.labels:
        if label.accepted_for:
            for phrase in label.phrases:
                joined[re.sub(r"[\s_]", "", fold(phrase).text)] = label.id
    out = []
    langs = tuple(dict.fromkeys(rules.languages + ("en",)))
    negs = sorted({re.sub(r"['\s]", "", w) for c in langs for w in language(c).negations}, key=len, reverse=True)
    fills = sorted({re.sub(r"['\s]", "", w) for c in langs for w in language(c).fillers} | {""}, key=len, reverse=True)
    for m in _HASHTAG.finditer(text):
        body = m.group(0)[1:].replace("_", "")
        for neg in negs:
            if not neg or not body.startswith(neg):
                continue
            rest = body[len(neg):]
            if any(rest.startswith(f) and rest[len(f):] in joined for f in fills):
                out.append((m.start(), m.end(), "negation", "negated"))
                break
    return out


# -- arguments ------------------------------------------------------------------------------------------------

def _checked_arguments(platform: str, jurisdiction: str, relationship: str,
                       category: str | None) -> tuple[str, str, str, str | None]:
    p = (platform or "").strip().lower()
    j = (jurisdiction or "").strip().upper()
    r = (relationship or "").strip().lower()
    c = (category or "").strip().lower().replace(" ", "_").replace("-", "_") or None
    if j == "GB":
        j = "UK"
    if p not in PLATFORMS:
        raise ValidationError('Unknown platform "{platform}": use one of {items}.',
                              platform=platform, items=", ".join(PLATFORMS))
    if j not in JURISDICTIONS:
        raise ValidationError('Unknown jurisdiction "{jurisdiction}": use one of {items}.',
                              jurisdiction=jurisdiction, items=", ".join(JURISDICTIONS))
    if r not in RELATIONSHIPS:
        raise ValidationError('Unknown relationship "{relationship}": use one of {items}.',
                              relationship=relationship, items=", ".join(RELATIONSHIPS))
    if c is not None and c not in CATEGORIES:
        raise ValidationError('Unknown product category "{category}": use one of {items}.',
                              category=category, items=", ".join(CATEGORIES))
    return p, j, r, c


# -- categories and licences --------------------------------------------------------------------------------------

CATEGORY_NAMES = {
    "cosmetics": "cosmetics", "cosmetic_surgery": "cosmetic surgery and aesthetic procedures",
    "alcohol": "alcohol", "gambling": "gambling and betting", "nicotine_vaping": "nicotine products and vaping",
    "financial_crypto": "financial products and crypto-assets", "health_supplements": "health claims and supplements",
    "medicines": "medicines", "food_children": "food and drink for children", "weight_loss": "weight loss",
}


def category_name(category: str) -> str:
    return CATEGORY_NAMES.get(category, category)


def category_rules(category: str | None, market_codes) -> list[CategoryRule]:
    """The category's entry in each of the markets (banned first, then restricted, then allowed)."""
    if not category:
        return []
    order = {s: i for i, s in enumerate(CATEGORY_STATUSES)}
    out = [market(m).categories[category] for m in market_codes if m in JURISDICTIONS
           and category in market(m).categories]
    return sorted(out, key=lambda c: (order[c.status], c.market))


def banned_in(category: str | None, market_codes) -> list[CategoryRule]:
    return [c for c in category_rules(category, market_codes) if c.status == "banned"]


def licence_rules(market_codes) -> list[LicenceRule]:
    return [lic for m in market_codes if m in JURISDICTIONS for lic in market(m).licences]


# -- checklists -----------------------------------------------------------------------------------------------

def content_type(format_: str) -> str:
    return content_types().get(format_, "text")


def checklist(markets_, *, platform: str, format_: str, relationship: str, category: str | None = None) -> list[Rule]:
    """The rules a deliverable must follow: every market the creator reaches (with the product category's extra
    conditions where it is restricted), then the platform's own tool."""
    kind = content_type(format_)
    out: list[Rule] = []
    for code in markets_:
        if code not in JURISDICTIONS:
            continue
        out.extend(r for r in market(code).rules
                   if r.check != "overlabel" and r.applies(relationship=relationship, platform=platform,
                                                           content_type=kind))
        if relationship != "none" and category:
            entry = market(code).categories.get(category)
            if entry is not None and entry.status != "allowed":
                text = dict(entry.conditions) if entry.status == "restricted" else {
                    "en": f"Influencers may not promote {category_name(category)} in {market(code).name}."}
                out.append(Rule(f"{code.lower()}.category.{category}", code, "manual",
                                "fail" if entry.status == "banned" else "review", text, None, entry.source, None, None, None, None, entry.basis))
    out.extend(r for r in platform_rules() if r.applies(relationship=relationship, platform=platform,
                                                        content_type=kind))
    return out


def commission_rules(markets_, *, platform: str, format_: str, relationship: str,
                     category: str | None = None) -> list[Rule]:
    """What the markets ask for beyond a deliverable's own checklist when it carries a tracked link or promo code that
    earns a commission: the rules that apply to an affiliate relationship and are not already on the checklist of the
    deal's own relationship (same rule id), in the market files' order. No rule is written here."""
    own = {r.id for r in checklist(markets_, platform=platform, format_=format_, relationship=relationship,
                                   category=category)}
    out: list[Rule] = []
    for rule in checklist(markets_, platform=platform, format_=format_, relationship="affiliate", category=category):
        if rule.id not in own:
            own.add(rule.id)
            out.append(rule)
    return out
