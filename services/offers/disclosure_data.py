"""The disclosure rules as data: one file per market in disclosure_rules/ (us.json … sa.json), platforms.json
(each platform's tool, its translated paid-partnership labels and where it cuts a caption) and languages.json
(negation and filler words, short labels that must stand apart from a sentence).

Loading checks the files: every rule, label reason, category and licence cites a known source with publisher,
title, URL and date; a source is "primary" (regulator, statute, platform) or "secondary" (press, law firm), and
anything resting on a secondary source alone must say so with "basis": "secondary". A source whose current
wording was not re-read carries "unconfirmed": why; the checker and the checklist show that note.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from services.core import platforms
from services.core.errors import ValidationError
from services.offers.disclosure_text import fold_phrase, is_arabic

RULES_DIR = Path(__file__).resolve().parent / "disclosure_rules"
JURISDICTIONS = ("US", "UK", "DE", "FR", "ES", "AE", "SA")
RELATIONSHIPS = ("paid", "gifted", "affiliate", "none")
PLATFORMS = platforms.DEAL_KEYS  # the platforms deals are made on (services/core/platforms.py)
LANGUAGES = ("en", "de", "fr", "es", "ar")
CHECKS = ("label", "upfront", "before_cut", "hashtag_pile", "overlabel", "manual")
SEVERITIES = ("fail", "review")
SOURCE_KINDS = ("primary", "secondary")
CATEGORIES = ("cosmetics", "cosmetic_surgery", "alcohol", "gambling", "nicotine_vaping", "financial_crypto",
              "health_supplements", "medicines", "food_children", "weight_loss")
CATEGORY_STATUSES = ("banned", "restricted", "allowed")
LICENCE_KINDS = ("ae_advertiser_permit", "sa_mawthooq")


class RuleFileError(ValueError):
    """A rule file breaks the format (a missing source, an unknown category...)."""


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    date: str
    kind: str = "primary"
    quote: str | None = None
    unconfirmed: str | None = None


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
    phrases: tuple[str, ...] = ()
    platform: str | None = None   # set for a platform's own paid-partnership label


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
    basis: str = "primary"

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
class CategoryRule:
    market: str
    category: str
    status: str                     # banned | restricted | allowed
    conditions: dict[str, str]      # locale -> extra conditions (restricted)
    source: Source
    basis: str = "primary"
    unconfirmed: str | None = None

    def conditions_for(self, locale: str = "en") -> str:
        return self.conditions.get(locale) or self.conditions.get("en", "")


@dataclass(frozen=True)
class ToolNote:
    """What a platform's own paid-partnership tool does and does not cover in one market."""
    counts_as_label: bool
    without_caption_label: str | None   # severity when the tool is on but the caption has no label
    covers: str
    does_not_cover: dict[str, str]
    source: Source
    basis: str = "primary"


@dataclass(frozen=True)
class LicenceRule:
    market: str
    kind: str
    name: dict[str, str]
    legal_duty: dict[str, str]
    sources: tuple[Source, ...]
    display_where: str
    display_duty: str                   # "legal" | "good_practice"
    display_text: dict[str, str]
    display_source: Source

    def text(self, field_: dict[str, str], locale: str = "en") -> str:
        return field_.get(locale) or field_["en"]


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
    categories: dict[str, CategoryRule] = field(default_factory=dict)
    tool: ToolNote | None = None
    licences: tuple[LicenceRule, ...] = ()
    platform_labels: str = "review"     # how the platforms' own labels in the market's languages count
    scope: str | None = None
    scope_sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class PlatformInfo:
    code: str
    name: str
    more_cut: int | None
    cut_source: Source | None
    more_lines: int | None = None
    lines_unconfirmed: str | None = None


@dataclass(frozen=True)
class Language:
    code: str
    negations: tuple[str, ...]
    fillers: tuple[str, ...]
    standalone: frozenset[str]
    lead_ins: tuple[str, ...]


# -- loading ----------------------------------------------------------------------------------------------------

def markets() -> list[Market]:
    return [market(code) for code in JURISDICTIONS]


@cache
def market(code: str) -> Market:
    code = (code or "").upper()
    if code not in JURISDICTIONS:
        raise ValidationError('Unknown market "{code}".', code=code)
    path = RULES_DIR / f"{code.lower()}.json"
    return parse_market(json.loads(path.read_text(encoding="utf-8")), code, path.name)


def parse_market(data: dict, code: str, where: str) -> Market:
    if data.get("market") != code:
        raise RuleFileError(f"{where}: market must be {code}")
    sources = {key: _source(value, f"{where} source {key}") for key, value in data["sources"].items()}
    labels = tuple(_label(item, sources, where) for item in data["labels"])
    rules = tuple(_rule(item, sources, code, where) for item in data["rules"])
    if not any(r.check == "label" for r in rules):
        raise RuleFileError(f"{where}: a market needs a label rule")
    categories = {name: _category(item, name, sources, code, where) for name, item in data.get("categories", {}).items()}
    missing = [c for c in CATEGORIES if c not in categories]
    if missing:
        raise RuleFileError(f"{where}: categories {', '.join(missing)} are not listed (banned, restricted or allowed)")
    tool = _tool(data["platform_tool"], sources, where) if "platform_tool" in data else None
    licences = tuple(_licence(item, sources, code, where) for item in data.get("licences", ()))
    languages = tuple(data["languages"])
    if not set(languages) <= set(LANGUAGES):
        raise RuleFileError(f"{where}: unknown language in {languages}")
    scope = data.get("scope") or {}
    scope_sources = tuple(_cited(key, sources, where, "scope") for key in scope.get("sources", ()))
    if data.get("platform_labels", "review") not in ("accepted", "review"):
        raise RuleFileError(f"{where}: platform_labels must be accepted or review")
    return Market(code, data["name"], data["regulator"], languages, data["reviewed"], sources, labels, rules,
                  categories, tool, licences, data.get("platform_labels", "review"), scope.get("en"), scope_sources)


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
    return PlatformInfo(code, item["name"], item.get("more_cut"), cut_source, item.get("more_lines"),
                        item.get("lines_unconfirmed"))


@cache
def platform_rules() -> tuple[Rule, ...]:
    return tuple(_rule(item, platform_sources(), "platform", "platforms.json") for item in _platform_file()["rules"])


@cache
def platform_labels() -> tuple[Label, ...]:
    """Each platform's own paid-partnership label, in every language we know it in."""
    out = []
    for item in _platform_file()["labels"]:
        source = _cited(item["source"], platform_sources(), "platforms.json", f"label {item['platform']}")
        phrases = tuple(item["phrases"])
        out.append(Label(f"platform.{item['platform']}.{item['lang']}", item["lang"],
                         tuple(r for p in phrases for r in phrase_regexes(p, {"plain", "hashtag"})),
                         frozenset(("paid", "gifted", "affiliate")), frozenset(), "review", None, source,
                         phrases, item["platform"]))
    return tuple(out)


def content_types() -> dict[str, str]:
    return _platform_file()["content_types"]


@cache
def language(code: str) -> Language:
    item = json.loads((RULES_DIR / "languages.json").read_text(encoding="utf-8"))["languages"][code]
    return Language(code, tuple(fold_phrase(w) for w in item["negations"]),
                    tuple(fold_phrase(w) for w in item["fillers"]),
                    frozenset(fold_phrase(w) for w in item["standalone"]),
                    tuple(sorted((fold_phrase(w) for w in item["lead_ins"]), key=len, reverse=True)))


# -- parsing helpers ---------------------------------------------------------------------------------------------

def _source(value: dict, where: str) -> Source:
    missing = [k for k in ("publisher", "title", "url", "date") if not value.get(k)]
    if missing:
        raise RuleFileError(f"{where}: missing {', '.join(missing)}")
    if not value["url"].startswith(("https://", "http://")):
        raise RuleFileError(f"{where}: url must be a web address")
    kind = value.get("kind")
    if kind not in SOURCE_KINDS:
        raise RuleFileError(f"{where}: say whether the source is primary or secondary (kind)")
    return Source(value["publisher"], value["title"], value["url"], value["date"], kind, value.get("quote"),
                  value.get("unconfirmed"))


def _cited(key: str | None, sources: dict[str, Source], where: str, what: str) -> Source:
    if key not in sources:
        raise RuleFileError(f"{where}: {what} cites unknown source {key}")
    return sources[key]


def _basis(item: dict, source: Source, where: str, what: str) -> str:
    """A rule rests on a primary source, or says plainly that it rests on a secondary one."""
    basis = item.get("basis", "primary")
    if basis not in SOURCE_KINDS:
        raise RuleFileError(f"{where}: {what} has unknown basis {basis}")
    if source.kind == "secondary" and basis != "secondary":
        raise RuleFileError(f"{where}: {what} cites only a secondary source ({source.publisher}) without "
                            "\"basis\": \"secondary\"")
    return basis


def _label(item: dict, sources: dict[str, Source], where: str) -> Label:
    forms = set(item.get("forms", ("plain", "hashtag")))
    regexes = [re.compile(p) for p in item.get("patterns", ())]
    for phrase in item.get("phrases", ()):
        regexes.extend(phrase_regexes(phrase, forms))
    if not regexes:
        raise RuleFileError(f"{where}: label {item['id']} has no phrases or patterns")
    weak_for = frozenset(item.get("weak_for", ()))
    if weak_for and (not item.get("why") or item.get("source") not in sources):
        raise RuleFileError(f"{where}: weak label {item['id']} needs a reason and a known source")
    severity = item.get("severity", "fail")
    if severity not in SEVERITIES:
        raise RuleFileError(f"{where}: label {item['id']} has unknown severity {severity}")
    return Label(item["id"], item.get("lang", "en"), tuple(regexes), frozenset(item.get("accepted_for", ())),
                 weak_for, severity, item.get("why"), sources.get(item.get("source")),
                 tuple(item.get("phrases", ())))


def _rule(item: dict, sources: dict[str, Source], market_code: str, where: str) -> Rule:
    if item.get("check") not in CHECKS:
        raise RuleFileError(f"{where}: rule {item.get('id')} has unknown check {item.get('check')}")
    source = _cited(item.get("source"), sources, where, f"rule {item.get('id')}")
    basis = _basis(item, source, where, f"rule {item['id']}")
    text = item["text"] if isinstance(item["text"], dict) else {"en": item["text"]}
    if "en" not in text:
        raise RuleFileError(f"{where}: rule {item['id']} needs an English text")
    applies = item.get("applies", {})
    as_set = lambda key: frozenset(applies[key]) if key in applies else None  # noqa: E731
    severity = item.get("severity", "fail")
    if severity not in SEVERITIES:
        raise RuleFileError(f"{where}: rule {item['id']} has unknown severity {severity}")
    return Rule(item["id"], market_code, item["check"], severity, text, item.get("message"), source,
                as_set("relationships"), as_set("platforms"), as_set("content_types"), item.get("within"), basis)


def _category(item: dict, name: str, sources: dict[str, Source], code: str, where: str) -> CategoryRule:
    if name not in CATEGORIES:
        raise RuleFileError(f"{where}: unknown category {name}")
    if item.get("status") not in CATEGORY_STATUSES:
        raise RuleFileError(f"{where}: category {name} needs a status (banned, restricted or allowed)")
    source = _cited(item.get("source"), sources, where, f"category {name}")
    basis = _basis(item, source, where, f"category {name}")
    conditions = item.get("conditions") or {}
    if item["status"] == "restricted" and not conditions.get("en"):
        raise RuleFileError(f"{where}: restricted category {name} needs its conditions")
    return CategoryRule(code, name, item["status"], conditions, source, basis,
                        item.get("unconfirmed") or source.unconfirmed)


def _tool(item: dict, sources: dict[str, Source], where: str) -> ToolNote:
    source = _cited(item.get("source"), sources, where, "platform_tool")
    basis = _basis(item, source, where, "platform_tool")
    severity = item.get("without_caption_label")
    if not item["counts_as_label"] and severity not in SEVERITIES:
        raise RuleFileError(f"{where}: platform_tool needs a severity for a caption without a label")
    not_covered = {"en": item["does_not_cover"]}
    if item.get("does_not_cover_ar"):
        not_covered["ar"] = item["does_not_cover_ar"]
    return ToolNote(bool(item["counts_as_label"]), severity, item["covers"], not_covered, source, basis)


def _licence(item: dict, sources: dict[str, Source], code: str, where: str) -> LicenceRule:
    if item.get("kind") not in LICENCE_KINDS:
        raise RuleFileError(f"{where}: unknown licence kind {item.get('kind')}")
    cited = tuple(_cited(k, sources, where, f"licence {item['kind']}") for k in item["sources"])
    if not any(s.kind == "primary" for s in cited) and item.get("basis") != "secondary":
        raise RuleFileError(f"{where}: licence {item['kind']} has no primary source and is not marked secondary")
    display = item["display"]
    if display.get("duty") not in ("legal", "good_practice"):
        raise RuleFileError(f"{where}: say whether displaying the {item['kind']} number is a legal duty or good practice")
    return LicenceRule(code, item["kind"], item["name"], item["legal_duty"], cited, display["where"], display["duty"],
                       {k: v for k, v in display.items() if k in LANGUAGES},
                       _cited(display.get("source"), sources, where, f"licence {item['kind']} display"))


def phrase_regexes(phrase: str, forms: set[str]) -> list[re.Pattern]:
    """A phrase as a plain-text regex (word boundaries, any spacing) and a hashtag regex (words joined, with
    or without underscores). Single Arabic words also match their accusative form (إعلانًا → اعلانا)."""
    words = fold_phrase(phrase).split()
    escaped = [re.escape(w) for w in words]
    tail = "ا?" if len(words) == 1 and is_arabic(phrase) else ""
    out = []
    if "plain" in forms:
        out.append(re.compile(r"(?<![\w#@.\-])" + r"\s+".join(escaped) + tail + r"(?![\w\-])"))
    if "hashtag" in forms:
        out.append(re.compile(r"(?<![\w&])#" + "_?".join(escaped) + tail + r"(?![\w])"))
    return out
