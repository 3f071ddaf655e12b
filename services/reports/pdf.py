"""PDFs of a campaign report and of a media kit, drawn with fpdf2 (the library the invoices use) from the same
objects the pages show, so the PDF holds exactly the numbers on screen: every total with its formula and its
mark (verified, imported, self-reported, entered by the brand), each deliverable's numbers, permalink and
disclosure status, and whether the report is live or frozen.

DejaVu Sans (services/data/fonts, Bitstream Vera licence) is embedded, as for invoices, so names in Latin,
Greek or Cyrillic script and signs such as € render on any server; amounts carry their ISO 4217 code. Documents
are in English; times are in the time zone given (the reader's, or the report's)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.audience import metrics
from services.core import platforms
from services.core.pdf import FONT, InertDocument
from services.reports import metrics as report_metrics
from services.reports import tracking
from services.reports.media_kit import Kit
from services.reports.reports import ReportData, disclosure_status, summary_rows
from services.core.messages import N_

MARGIN = 16
INK = (31, 41, 51)
MUTED = (96, 108, 118)
HEAD_FILL = (241, 239, 233)

PLATFORM_NAMES = platforms.LABELS
DISCLOSURE_WORDS = {"pass": "Pass", "review": "Needs review", "fail": "Fail", "organic": N_("Not sponsored"),
                    "not_posted": N_("Not posted yet"), "not_matched": N_("Post not synced yet"), "unchecked": N_("Not checked")}
DIMENSION_NAMES = {"age": N_("Age"), "gender": N_("Gender"), "country": N_("Country"), "city": N_("City")}


class _Document(InertDocument):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="C")


def _document(title: str, author: str, footer: str) -> _Document:
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_portal_fonts()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Creator Portal")
    pdf.footer_text = footer
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_text_color(*INK)
    return pdf


def _heading(pdf: FPDF, text: str, size: float = 12) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _para(pdf: FPDF, text: str, size: float = 9, muted: bool = False) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*(MUTED if muted else INK))
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple[float, ...], size: float = 8,
           align: tuple[str, ...] | None = None) -> None:
    pdf.set_font(FONT, size=size)
    with pdf.table(col_widths=widths, text_align=align or "LEFT", line_height=size * 0.5 + 0.6,
                   headings_style=_headings_style(), first_row_as_headings=True, padding=1) as table:
        head = table.row()
        for cell in header:
            head.cell(cell)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


def _headings_style():
    from fpdf.fonts import FontFace
    return FontFace(emphasis="BOLD", fill_color=HEAD_FILL)


def _moment(value: dt.datetime | None, time_zone: str) -> str:
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(time_zone))
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def _n(value) -> str:
    return "—" if value is None else f"{int(value):,}"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{Decimal(value) * 100:.2f}%"


def _mark(mark: str) -> str:
    return report_metrics.MARK_LABELS.get(mark, "Mixed sources" if mark == "mixed" else mark)


# -- the report --------------------------------------------------------------------------------------------------

def render_report(data: ReportData, *, time_zone: str | None = None) -> bytes:
    """PDF bytes of a report as the reader sees it (live or frozen)."""
    tz = time_zone or data.report.time_zone
    report = data.report
    state = (f"Frozen: numbers as of {_moment(data.frozen_at, tz)}; they do not change with new syncs."
             if data.frozen else
             f"Live: numbers follow new syncs; latest numbers from {_moment(data.as_of, tz)}.")
    pdf = _document(f"Campaign report: {report.title}", data.creator_name,
                    f"{report.title} · {data.creator_name} · {'frozen' if data.frozen else 'live'} report · "
                    f"generated {_moment(data.generated_at, tz)}")
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    scope = (f"Offers: {', '.join(o.campaign for o in data.offers)}" if report.scope == "offers" else
             f"Posts from {report.period_start.isoformat()} to {report.period_end.isoformat()} "
             f"(by their date in {report.time_zone})")
    _para(pdf, f"By {data.creator_name}" + (f" for {report.brand_name}" if report.brand_name else "") + ". " + scope,
          size=10)
    _para(pdf, state, size=9.5)
    _para(pdf, "Marks: Verified = read from the platform's API; Imported = from an export file the creator downloaded "
               "from the platform; Self-reported = typed in by the creator; Entered by the brand = conversions the "
               "brand partner entered on this report.", size=8, muted=True)

    if data.nothing_posted:
        _heading(pdf, "Nothing posted yet")
        _para(pdf, "No deliverable of this report has been posted yet. Its numbers appear once the posts are live "
                   "and synced or imported.")
    else:
        _heading(pdf, "Totals")
        marks = data.totals.marks
        if marks:
            _para(pdf, "Sources of the post numbers: " + ", ".join(f"{n} {_mark(m).lower()}" for m, n in marks.items()),
                  size=8.5, muted=True)
        rows = [[r["metric"], r["value"], _mark(r["mark"]) if r["mark"] else "", r["formula"]]
                for r in summary_rows(data)]
        _table(pdf, ["Metric", "Value", "Mark", "Definition"], rows, (32, 30, 28, 88), size=8)
        if data.spend.amount is None:
            _para(pdf, _no_spend_reason(data), size=8.5, muted=True)

        _heading(pdf, N_("Deliverables and posts"))
        post_rows = []
        for r in data.posted_rows:
            post_rows.append([
                _moment(r.posted_at, tz)[:16], f"{PLATFORM_NAMES.get(r.platform, r.platform)} {r.format or ''}".strip(),
                _n(r.views), _n(r.reach), _n(r.engagements), _pct(r.er_reach), _n(r.link_clicks), _n(r.saves),
                _n(r.shares), _mark(r.mark), DISCLOSURE_WORDS.get(disclosure_status(r, data.markets), "")])
        _table(pdf, ["Posted", "Platform", "Views", "Reach", "Eng.", "ER reach", "Clicks", "Saves", "Shares", "Mark",
                     "Disclosure"], post_rows, (24, 20, 15, 15, 14, 15, 12, 12, 12, 19, 20), size=7,
               align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT"))
        links = [f"{_moment(r.posted_at, tz)[:10]} · {r.permalink}" for r in data.posted_rows if r.permalink]
        if links:
            _para(pdf, "Permalinks", size=8.5)
            for line in links:
                _para(pdf, line, size=7.5, muted=True)
        _para(pdf, f"{metrics.ENGAGEMENT_RATE_BY_REACH.formula}. {report_metrics.ENGAGEMENTS.formula}.", size=7.5,
              muted=True)

    _tracking(pdf, data)

    if data.pending_rows:
        _heading(pdf, N_("Not posted yet"))
        _table(pdf, ["Deliverable", "Due", "Status"],
               [[f"{PLATFORM_NAMES.get(r.platform, r.platform)} {r.format or ''} ({r.campaign or ''})",
                 r.due_date.isoformat() if r.due_date else "—", (r.status or "").replace("_", " ")]
                for r in data.pending_rows], (100, 40, 38), size=8)

    _heading(pdf, N_("Conversions entered by the brand"))
    if data.conversions:
        _table(pdf, ["What", "Conversions", "Revenue", "Entered by", "When"],
               [[c.label, _n(c.conversions),
                 report_metrics.money_text(c.revenue, c.currency, c.minor_units) if c.revenue is not None
                 else "—", c.entered_by or "", _moment(c.entered_at, tz)] for c in data.conversions],
               (58, 24, 32, 32, 32), size=8)
    else:
        _para(pdf, "None entered yet: CPA appears once the brand enters conversions.", size=9, muted=True)
    return bytes(pdf.output())


def _tracking(pdf: FPDF, data: ReportData) -> None:
    """What the deals' tracked links and promo codes brought (the totals are in the Totals table)."""
    found = tracking.for_report(data)
    if found is None:
        return
    _heading(pdf, N_("Tracked links and promo codes"))
    _para(pdf, "Clicks are counted by the portal (repeats of a visitor within 30 minutes, bots and link previews "
               "apart); redemptions and revenue are imported from the brand's shop or entered by the brand. "
               + " · ".join(f"{m.formula}" for m in (tracking.CTR, tracking.CONVERSION, tracking.CPA, tracking.ROAS)),
          size=8, muted=True)
    money = lambda v, f: "—" if v is None or f.currency is None else report_metrics.money_text(v, f.currency,  # noqa: E731
                                                                                               f.minor_units)
    lines = [(f"Campaign: {o.campaign}", f) for o, f in found.campaigns] + \
            [(f"{PLATFORM_NAMES.get(r.platform, r.platform)} {r.format or ''}", f) for r, f in found.deliverables]
    _table(pdf, ["Per campaign / deliverable", "Clicks", "CTR", "Redemptions", "Revenue", "Conv.", "CPA", "ROAS"],
           [[w, _n(f.clicks), _pct(f.ctr), _n(f.orders) if f.has_codes else "—", money(f.revenue, f),
             _pct(f.conversion), money(f.cpa, f), "—" if f.roas is None else str(f.roas)] for w, f in lines],
           (46, 16, 16, 20, 28, 16, 22, 14), size=7.5,
           align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))
    if found.tracking.daily:
        _para(pdf, "Clicks per day: " + ", ".join(f"{d.isoformat()} {n}" for d, n in found.tracking.daily),
              size=7.5, muted=True)


def _no_spend_reason(data: ReportData) -> str:
    if len(data.spend.currencies) > 1:
        return (f"The fees are in {', '.join(data.spend.currencies)}: costs per result are shown only for fees in one "
                "currency.")
    return "No fee to divide: costs per result need a report built from a brand's offers."


# -- the media kit -----------------------------------------------------------------------------------------------

def render_media_kit(kit: Kit) -> bytes:
    pdf = _document(f"Media kit: {kit.display_name}", kit.display_name,
                    f"{kit.display_name} · media kit as of {kit.as_of.isoformat() if kit.as_of else '—'} · "
                    f"generated {_moment(kit.generated_at, kit.time_zone)}")
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, kit.display_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if kit.niche:
        _para(pdf, kit.niche, size=11)
    if kit.headline:
        _para(pdf, kit.headline, size=10)
    if kit.contact_email:
        _para(pdf, f"Contact: {kit.contact_email}", size=9.5)
    _para(pdf, f"As of {kit.as_of.isoformat() if kit.as_of else '—'}: always current, computed when opened.",
          size=9, muted=True)

    if kit.shows("audience"):
        _heading(pdf, "Audience")
        _table(pdf, ["Platform", "Account", "Followers", "As of", "Mark"],
               [[PLATFORM_NAMES.get(a.platform, a.platform), a.handle, _n(a.followers),
                 a.as_of.isoformat() if a.as_of else "—", _mark(report_metrics.mark_for(a.source))]
                for a in kit.audience] + [["Total", "", _n(kit.total_followers), "", ""]],
               (34, 50, 30, 30, 34), size=8.5)
    if kit.shows("engagement"):
        _heading(pdf, "Engagement per platform")
        _para(pdf, f"Posts published from {kit.period_start} to {kit.period_end}. "
                   f"{metrics.ENGAGEMENT_RATE_BY_REACH.formula}. {metrics.MEDIAN_ER.formula}. "
                   f"{metrics.POOLED_ER.formula}.", size=8, muted=True)
        rows = [[PLATFORM_NAMES.get(e.platform, e.platform), "ER by reach", _n(e.posts), _pct(e.median), _pct(e.pooled)]
                for e in kit.engagement_reach]
        rows += [[PLATFORM_NAMES.get(e.platform, e.platform), "ER by views", _n(e.posts), _pct(e.median),
                  _pct(e.pooled)] for e in kit.engagement_views]
        if kit.engagement_views:
            _para(pdf, f"{metrics.ENGAGEMENT_RATE_BY_VIEWS.formula}.", size=8, muted=True)
        _table(pdf, ["Platform", "Formula", "Posts", "Median", "Overall"], rows, (36, 40, 30, 36, 36), size=8.5)
    if kit.shows("demographics") and kit.demographics:
        _heading(pdf, "Audience demographics")
        rows = []
        for dimension in ("age", "gender", "country", "city"):
            for d in kit.top_demographics(dimension):
                rows.append([DIMENSION_NAMES[dimension], d.bucket, _pct(d.share),
                             d.as_of.isoformat() if d.as_of else "—"])
        _table(pdf, ["Group", "Bucket", "Share", "As of"], rows, (40, 60, 38, 40), size=8.5)
    if kit.shows("top_posts") and kit.top_posts:
        _heading(pdf, "Top posts")
        _table(pdf, ["Posted", "Platform", "ER by reach", "Link"],
               [[p.posted_at.date().isoformat() if p.posted_at else "—", PLATFORM_NAMES.get(p.platform, p.platform),
                 _pct(p.rate), p.permalink or ""] for p in kit.top_posts], (24, 24, 24, 106), size=7.5)
    if kit.shows("partners"):
        _heading(pdf, "Past brand partners")
        _para(pdf, ", ".join(kit.partners) if kit.partners else "—", size=10)
    if kit.shows("rates"):
        _heading(pdf, "Rates")
        _table(pdf, ["Platform", "Format", "Fee"],
               [[PLATFORM_NAMES.get(r.platform, r.platform), r.format, f"{r.fee:,} {r.currency}"] for r in kit.rates],
               (60, 60, 58), size=9)
    return bytes(pdf.output())
