"""PDFs of a campaign report and of a media kit, drawn with fpdf2 (the library the invoices use) from the same
objects the pages show, so the PDF holds exactly the numbers on screen: every total with its formula and its
mark (verified, imported, self-reported, entered by the brand), each deliverable's numbers, permalink and
disclosure status, and whether the report is live or frozen.

DejaVu Sans (services/core/fonts, Bitstream Vera licence) is embedded, as for invoices, so names in Latin,
Greek, Cyrillic or Arabic script and signs such as € render on any server; amounts carry their ISO 4217 code.

A document is written in the reader's language (`locale`): every heading, label and sentence through
services.core.wording inside speaking(locale), every number, date and amount through services.core.formatting;
Arabic is shaped, right to left, with its tables mirrored. Times are in the time zone given (the reader's, or the
report's)."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from fpdf.enums import XPos, YPos

from services.audience import metrics
from services.core import formatting as fmt
from services.core import platforms
from services.core.messages import N_
from services.core.money import quantum
from services.core.pdf import FONT, INK, MUTED, PagedDocument
from services.core.wording import speaking, t
from services.reports import metrics as report_metrics
from services.reports import tracking
from services.reports.media_kit import Kit
from services.reports.reports import ReportData, disclosure_status, summary_rows

MARGIN = 16
HEAD_FILL = (241, 239, 233)

PLATFORM_NAMES = platforms.LABELS
DISCLOSURE_WORDS = {"pass": N_("Pass"), "review": N_("Needs review"), "fail": N_("Fail"),
                    "organic": N_("Not sponsored"), "not_posted": N_("Not posted yet"),
                    "not_matched": N_("Post not synced yet"), "unchecked": N_("Not checked")}
DIMENSION_NAMES = {"age": N_("Age"), "gender": N_("Gender"), "country": N_("Country"), "city": N_("City")}
# The same words the pages use (portal/widgets/offers.deliverable_status_label, audience_filters.POST_TYPE_LABELS).
DELIVERABLE_STATUS = {"pending": N_("Not started"), "draft_submitted": N_("Draft submitted"),
                      "approved": N_("Draft approved"), "posted": N_("Posted"), "verified": N_("Verified")}
POST_TYPES = {"reel": "Reel", "image": N_("Image"), "carousel": "Carousel", "video": "Video", "short": "Short",
              "stream": N_("Stream"), "story": "Story", "text": N_("Text")}
FLIP = {"LEFT": "RIGHT", "RIGHT": "LEFT", "L": "R", "R": "L"}


class _Document(PagedDocument):
    footer_y = -12


def _document(title: str, author: str, footer: str, locale: str) -> _Document:
    pdf = _Document.begin(margin=MARGIN, bottom=18, locale=locale, title=title, author=author, footer=footer)
    pdf.set_text_color(*INK)
    return pdf


def _heading(pdf: _Document, text: str, size: float = 12) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.55, text, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _para(pdf: _Document, text: str, size: float = 9, muted: bool = False) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*(MUTED if muted else INK))
    pdf.multi_cell(0, size * 0.5, text, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _table(pdf: _Document, header: list[str], rows: list[list[str]], widths: tuple[float, ...], size: float = 8,
           align: tuple[str, ...] | None = None) -> None:
    """A table with its header row; on a right-to-left page its columns run from the right."""
    align = tuple(align or ("LEFT",) * len(widths))
    if pdf.rtl:
        align = tuple(FLIP[a] for a in align)
    pdf.set_font(FONT, size=size)
    with pdf.table(col_widths=tuple(pdf.mirrored(widths)), text_align=tuple(pdf.mirrored(align)),
                   line_height=size * 0.5 + 0.6, headings_style=_headings_style(), first_row_as_headings=True,
                   padding=1) as table:
        head = table.row()
        for cell in pdf.mirrored(header):
            head.cell(cell)
        for values in rows:
            row = table.row()
            for value in pdf.mirrored(values):
                row.cell(value)
    pdf.ln(2)


def _headings_style():
    from fpdf.fonts import FontFace
    return FontFace(emphasis="BOLD", fill_color=HEAD_FILL)


def _moment(value: dt.datetime | None, time_zone: str, locale: str) -> str:
    return "—" if value is None else fmt.local_datetime(value, time_zone, locale)


def _day(value, locale: str) -> str:
    return "—" if value is None else fmt.day(value, locale)


def _n(value, locale: str) -> str:
    return "—" if value is None else fmt.number(int(value), locale)


def _pct(value: Decimal | None, locale: str) -> str:
    return "—" if value is None else fmt.percent(Decimal(value), locale)


def _money(value: Decimal | None, currency: str | None, places: int, locale: str) -> str:
    """Exact money with its ISO code, digits in the reader's language: 1,250.00 EUR / 1 250,00 EUR."""
    if value is None or currency is None:
        return "—"
    exact = Decimal(value).quantize(quantum(places), rounding=ROUND_HALF_EVEN)  # as the page and the CSV round
    return f"{fmt.decimal(exact, locale, places)} {currency}"


def _mark(mark: str) -> str:
    return t(report_metrics.MARK_LABELS.get(mark, N_("Mixed sources") if mark == "mixed" else mark))


def _platform(key: str, post_type: str | None = None) -> str:
    """Instagram / Instagram Reel: the platform's name and, when given, the kind of post in the reader's words."""
    name = PLATFORM_NAMES.get(key, key)
    return f"{name} {t(POST_TYPES.get(post_type, post_type))}" if post_type else name


# -- the report --------------------------------------------------------------------------------------------------

def render_report(data: ReportData, *, time_zone: str | None = None, locale: str | None = "en") -> bytes:
    """PDF bytes of a report as the reader sees it (live or frozen), in the reader's language."""
    with speaking(locale):
        return _report(data, time_zone or data.report.time_zone, locale or "en")


def _report(data: ReportData, tz: str, locale: str) -> bytes:
    report = data.report
    state = (t("Frozen: numbers as of {moment}; they do not change with new syncs.",
               moment=_moment(data.frozen_at, tz, locale)) if data.frozen else
             t("Live: numbers follow new syncs; latest numbers from {moment}.", moment=_moment(data.as_of, tz, locale)))
    mode = t("frozen report") if data.frozen else t("live report")
    pdf = _document(t("Campaign report: {title}", title=report.title), data.creator_name,
                    f"{report.title} · {data.creator_name} · {mode} · "
                    + t("generated {moment}", moment=_moment(data.generated_at, tz, locale)), locale)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, report.title, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    scope = (t("Offers: {campaigns}", campaigns=fmt.list_of([o.campaign for o in data.offers], locale))
             if report.scope == "offers" else
             t("Posts from {start} to {end} (by their date in {zone})", start=_day(report.period_start, locale),
               end=_day(report.period_end, locale), zone=report.time_zone))
    by = (t("By {creator} for {brand}.", creator=data.creator_name, brand=report.brand_name) if report.brand_name
          else t("By {creator}.", creator=data.creator_name))
    _para(pdf, f"{by} {scope}", size=10)
    _para(pdf, state, size=9.5)
    _para(pdf, t("Marks: Verified = read from the platform's API; Imported = from an export file the creator "
                 "downloaded from the platform; Self-reported = typed in by the creator; Entered by the brand = "
                 "conversions the brand partner entered on this report."), size=8, muted=True)

    if data.nothing_posted:
        _heading(pdf, t("Nothing posted yet"))
        _para(pdf, t("No deliverable of this report has been posted yet. Its numbers appear once the posts are live "
                     "and synced or imported."))
    else:
        _heading(pdf, t("Totals"))
        marks = data.totals.marks
        if marks:
            _para(pdf, t("Sources of the post numbers: {sources}", sources=fmt.list_of(
                [f"{fmt.number(n, locale)} {_mark(m).lower()}" for m, n in marks.items()], locale)),
                size=8.5, muted=True)
        rows = [[t(r["metric"]), r["value"], t(r["mark"]) if r["mark"] else "", t(r["formula"]) if r["formula"] else ""]
                for r in summary_rows(data, locale)]
        _table(pdf, [t("Metric"), t("Value"), t("Mark"), t("Definition")], rows, (32, 30, 28, 88), size=8)
        if data.spend.amount is None:
            _para(pdf, _no_spend_reason(data, locale), size=8.5, muted=True)

        _heading(pdf, t("Deliverables and posts"))
        post_rows = []
        for r in data.posted_rows:
            post_rows.append([
                _moment(r.posted_at, tz, locale), _platform(r.platform, r.format),
                _n(r.views, locale), _n(r.reach, locale), _n(r.engagements, locale), _pct(r.er_reach, locale),
                _n(r.link_clicks, locale), _n(r.saves, locale), _n(r.shares, locale), _mark(r.mark),
                t(DISCLOSURE_WORDS[status]) if (status := disclosure_status(r, data.markets)) in DISCLOSURE_WORDS
                else ""])
        _table(pdf, [t("Posted"), t("Platform"), t("Views"), t("Reach"), t("Eng."), t("ER reach"), t("Clicks"),
                     t("Saves"), t("Shares"), t("Mark"), t("Disclosure")], post_rows,
               (24, 20, 15, 15, 14, 15, 12, 12, 12, 19, 20), size=7,
               align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT"))
        links = [f"{_day(r.posted_at.date() if r.posted_at else None, locale)} · {r.permalink}"
                 for r in data.posted_rows if r.permalink]
        if links:
            _para(pdf, t("Permalinks"), size=8.5)
            for line in links:
                _para(pdf, line, size=7.5, muted=True)
        _para(pdf, f"{t(metrics.ENGAGEMENT_RATE_BY_REACH.formula)}. {t(report_metrics.ENGAGEMENTS.formula)}.",
              size=7.5, muted=True)

    _tracking(pdf, data, locale)

    if data.pending_rows:
        _heading(pdf, t("Not posted yet"))
        _table(pdf, [t("Deliverable"), t("Due"), t("Status")],
               [[f"{_platform(r.platform, r.format)} ({r.campaign or ''})", _day(r.due_date, locale),
                 t(DELIVERABLE_STATUS[r.status]) if r.status in DELIVERABLE_STATUS else (r.status or "")]
                for r in data.pending_rows], (100, 40, 38), size=8)

    _heading(pdf, t("Conversions entered by the brand"))
    if data.conversions:
        _table(pdf, [t("What"), t("Conversions"), t("Revenue"), t("Entered by"), t("When")],
               [[c.label, _n(c.conversions, locale), _money(c.revenue, c.currency, c.minor_units, locale),
                 c.entered_by or "", _moment(c.entered_at, tz, locale)] for c in data.conversions],
               (58, 24, 32, 32, 32), size=8)
    else:
        _para(pdf, t("None entered yet: CPA appears once the brand enters conversions."), size=9, muted=True)
    return bytes(pdf.output())


def _tracking(pdf: _Document, data: ReportData, locale: str) -> None:
    """What the deals' tracked links and promo codes brought (the totals are in the Totals table)."""
    found = tracking.for_report(data)
    if found is None:
        return
    _heading(pdf, t("Tracked links and promo codes"))
    _para(pdf, t("Clicks are counted by the portal (repeats of a visitor within 30 minutes, bots and link previews "
                 "apart); redemptions and revenue are imported from the brand's shop or entered by the brand.")
          + " " + " · ".join(t(m.formula) for m in (tracking.CTR, tracking.CONVERSION, tracking.CPA, tracking.ROAS)),
          size=8, muted=True)

    def money(value, f) -> str:
        return "—" if value is None or f.currency is None else _money(value, f.currency, f.minor_units, locale)

    lines = [(t("Campaign: {campaign}", campaign=o.campaign), f) for o, f in found.campaigns] + \
            [(_platform(r.platform, r.format), f) for r, f in found.deliverables]
    _table(pdf, [t("Per campaign / deliverable"), t("Clicks"), t("CTR"), t("Redemptions"), t("Revenue"), t("Conv."),
                 t("CPA"), t("ROAS")],
           [[w, _n(f.clicks, locale), _pct(f.ctr, locale), _n(f.orders, locale) if f.has_codes else "—",
             money(f.revenue, f), _pct(f.conversion, locale), money(f.cpa, f),
             "—" if f.roas is None else fmt.decimal(f.roas, locale, max(-Decimal(f.roas).as_tuple().exponent, 0))]
            for w, f in lines],
           (46, 16, 16, 20, 28, 16, 22, 14), size=7.5,
           align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))
    if found.tracking.daily:
        _para(pdf, t("Clicks per day: {days}", days=", ".join(f"{_day(d, locale)} {fmt.number(n, locale)}"
                                                            for d, n in found.tracking.daily)),
              size=7.5, muted=True)


def _no_spend_reason(data: ReportData, locale: str) -> str:
    if len(data.spend.currencies) > 1:
        return t("The fees are in {currencies}: costs per result are shown only for fees in one currency.",
                 currencies=fmt.list_of(list(data.spend.currencies), locale))
    return t("No fee to divide: costs per result need a report built from a brand's offers.")


# -- the media kit -----------------------------------------------------------------------------------------------

def render_media_kit(kit: Kit, *, locale: str | None = "en") -> bytes:
    """PDF bytes of a media kit, in the reader's language."""
    with speaking(locale):
        return _media_kit(kit, locale or "en")


def _media_kit(kit: Kit, locale: str) -> bytes:
    as_of = _day(kit.as_of, locale)
    pdf = _document(t("Media kit: {name}", name=kit.display_name), kit.display_name,
                    f"{kit.display_name} · " + t("media kit as of {date}", date=as_of) + " · "
                    + t("generated {moment}", moment=_moment(kit.generated_at, kit.time_zone, locale)), locale)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, kit.display_name, align=pdf.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if kit.niche:
        _para(pdf, kit.niche, size=11)
    if kit.headline:
        _para(pdf, kit.headline, size=10)
    if kit.contact_email:
        _para(pdf, t("Contact: {email}", email=kit.contact_email), size=9.5)
    _para(pdf, t("As of {date}: always current, computed when opened.", date=as_of), size=9, muted=True)

    if kit.shows("audience"):
        _heading(pdf, t("Audience"))
        _table(pdf, [t("Platform"), t("Account"), t("Followers"), t("As of"), t("Mark")],
               [[_platform(a.platform), a.handle, _n(a.followers, locale), _day(a.as_of, locale),
                 _mark(report_metrics.mark_for(a.source))] for a in kit.audience]
               + [[t("Total"), "", _n(kit.total_followers, locale), "", ""]],
               (34, 50, 30, 30, 34), size=8.5)
    if kit.shows("engagement"):
        _heading(pdf, t("Engagement per platform"))
        _para(pdf, t("Posts published from {start} to {end}.", start=_day(kit.period_start, locale),
                     end=_day(kit.period_end, locale))
              + f" {t(metrics.ENGAGEMENT_RATE_BY_REACH.formula)}. {t(metrics.MEDIAN_ER.formula)}. "
                f"{t(metrics.POOLED_ER.formula)}.", size=8, muted=True)
        rows = [[_platform(e.platform), t("ER by reach"), _n(e.posts, locale), _pct(e.median, locale),
                 _pct(e.pooled, locale)] for e in kit.engagement_reach]
        rows += [[_platform(e.platform), t("ER by views"), _n(e.posts, locale), _pct(e.median, locale),
                  _pct(e.pooled, locale)] for e in kit.engagement_views]
        if kit.engagement_views:
            _para(pdf, f"{t(metrics.ENGAGEMENT_RATE_BY_VIEWS.formula)}.", size=8, muted=True)
        _table(pdf, [t("Platform"), t("Formula"), t("Posts"), t("Median"), t("Overall")], rows,
               (36, 40, 30, 36, 36), size=8.5)
    if kit.shows("demographics") and kit.demographics:
        _heading(pdf, t("Audience demographics"))
        rows = []
        for dimension in ("age", "gender", "country", "city"):
            for d in kit.top_demographics(dimension):
                rows.append([t(DIMENSION_NAMES[dimension]), d.bucket, _pct(d.share, locale), _day(d.as_of, locale)])
        _table(pdf, [t("Group"), t("Bucket"), t("Share"), t("As of")], rows, (40, 60, 38, 40), size=8.5)
    if kit.shows("top_posts") and kit.top_posts:
        _heading(pdf, t("Top posts"))
        _table(pdf, [t("Posted"), t("Platform"), t("ER by reach"), t("Link")],
               [[_day(p.posted_at.date() if p.posted_at else None, locale), _platform(p.platform),
                 _pct(p.rate, locale), p.permalink or ""] for p in kit.top_posts], (24, 24, 24, 106), size=7.5)
    if kit.shows("partners"):
        _heading(pdf, t("Past brand partners"))
        _para(pdf, fmt.list_of(list(kit.partners), locale) if kit.partners else "—", size=10)
    if kit.shows("rates"):
        _heading(pdf, t("Rates"))
        _table(pdf, [t("Platform"), t("Format"), t("Fee")],
               [[_platform(r.platform), t(POST_TYPES.get(r.format, r.format)),
                 _money(r.fee, r.currency, max(0, -r.fee.as_tuple().exponent), locale)] for r in kit.rates],
               (60, 60, 58), size=9)
    return bytes(pdf.output())
