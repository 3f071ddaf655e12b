"""Drawing a campaign report and a media kit, the same way on every page that shows one: the creator's preview,
the brand partner's view and the page a secret link opens. Every number carries its mark (verified, imported,
self-reported, entered by the brand) and every rate its formula; CSV and PDF downloads hold the same numbers."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal import session, tables
from portal.widgets import links as link_widgets
from portal import svg_charts
from portal.charts import PLATFORM_COLOURS, PLATFORM_NAMES
from portal.i18n import RTL_LOCALES
from portal.widgets.audience_charts import ACCENT, SECONDARY
from portal.widgets.audience_filters import POST_TYPE_LABELS
from portal.i18n import LOCALES, language_name, mid_sentence, t, tn
from portal.layout import escape_md, plain_text, user_text
from portal.widgets.offers import deliverable_status_label
from services.offers import disclosures
from services.reports import media_kit
from services.audience import metrics
from services.reports import metrics as report_metrics
from services.reports import pdf as report_pdf
from services.reports import reports
from services.core.csv_export import to_safe_csv
from services.core.errors import NotFound
from services.core.messages import N_

T = TypeVar("T")
MARK_COLOURS = {"verified": "green", "imported": "blue", "self-reported": "orange", "brand": "violet",
                "none": "gray", "mixed": "gray"}
DISCLOSURE_LABELS = {"pass": "Pass", "review": "Needs review", "fail": "Fail", "organic": N_("Not sponsored"),
                     "not_posted": N_("Not posted yet"), "not_matched": N_("Post not synced yet"), "unchecked": N_("Not checked")}
DIMENSION_LABELS = {"age": N_("Age"), "gender": N_("Gender"), "country": N_("Country"), "city": N_("City")}
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def mark_label(mark: str) -> str:
    if mark == "mixed":
        return t("Mixed sources")
    return t(report_metrics.MARK_LABELS.get(mark, mark))


def mark_badge(mark: str) -> str:
    icon = report_metrics.MARK_ICONS.get(mark, "")
    return f":{MARK_COLOURS.get(mark, 'gray')}-badge[{icon} {mark_label(mark)}]"


def money(value: Decimal | None, currency: str | None, places: int, locale: str) -> str:
    text = report_metrics.money_text(value, currency, places)
    return text.translate(_ARABIC_DIGITS) if locale == "ar" else text


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def kind_label(platform: str, format_: str | None) -> str:
    return f"{platform_name(platform)} {mid_sentence(t(POST_TYPE_LABELS.get(format_ or '', format_ or '')))}".strip()


def posts_count(n: int) -> str:
    return tn("{count} post", "{count} posts", n, count=n)


def _help(*items: str) -> str:
    return "\n\n".join(t(i) for i in items if i)


# -- a report ----------------------------------------------------------------------------------------------------

def document_language_select(current: str | None, *, key: str) -> str:
    """The language a creator chooses for a document they share (a secret link, the media kit): each language
    named in itself; `current` is preselected (the document's, else the creator's own)."""
    codes = list(LOCALES)
    return st.selectbox(t("Document language"), codes, index=codes.index(current) if current in codes else 0,
                        format_func=language_name, key=key,
                        help=t("Visitors who are not signed in read it in this language; they can switch to another "
                               "on the page."))


def render_report(data: reports.ReportData, *, locale: str, time_zone: str, key: str, current=None) -> None:
    """The whole report: what it covers, live or frozen, totals with marks, costs, charts, the deliverables with
    their numbers and disclosure status, what is not posted yet, the brand's conversions, and downloads.
    current(): the report as it is when a download is asked for (None once the link or share no longer works)."""
    report = data.report
    st.subheader(user_text(report.title))
    st.caption(_scope_line(data, locale))
    _mode(data, locale, time_zone)
    if data.nothing_posted:
        if report.scope == "window" and not report.brand_id:
            st.info(t("No post was published in this window yet, so the report has no numbers."),
                    icon=":material/schedule:")
        else:
            st.info(t("No deliverable of this report has been posted yet. Its numbers appear once the posts are live "
                      "and synced or imported."), icon=":material/schedule:")
    else:
        _marks_legend(data)
        _totals(data, locale)
        _costs(data, locale)
        _charts(data, locale)
        _posts_table(data, locale, time_zone, key)
    link_widgets.render_tracking(data, locale=locale, time_zone=time_zone, key=key)
    _pending(data, locale, key)
    _downloads(data, locale, time_zone, key, current)


def _scope_line(data: reports.ReportData, locale: str) -> str:
    report = data.report
    who = t("By {creator}", creator=user_text(data.creator_name))
    if report.brand_name:
        who += " · " + t("for {brand}", brand=user_text(report.brand_name))
    if report.scope == "offers":
        what = t("Offers: {campaigns}", campaigns=", ".join(user_text(o.campaign) for o in data.offers))
    else:
        what = t("Posts from {start} to {end}, placed by their date in {zone}",
                 start=fmt.day(report.period_start, locale), end=fmt.day(report.period_end, locale),
                 zone=report.time_zone)
        if not report.brand_id:
            what += " · " + t("every post in the window")
    return f"{who} · {what}"


def _mode(data: reports.ReportData, locale: str, time_zone: str) -> None:
    if data.frozen:
        st.info(t("Frozen report: these numbers were kept on {date} and do not change with new syncs.",
                  date=fmt.local_datetime(data.frozen_at, time_zone, locale)), icon=":material/ac_unit:")
    elif data.as_of is not None:
        st.info(t("Live report: the numbers follow new syncs (latest numbers from {date}).",
                  date=fmt.local_datetime(data.as_of, time_zone, locale)), icon=":material/sync:")
    else:
        st.info(t("Live report: the numbers follow new syncs; none of its posts has been synced or imported yet."),
                icon=":material/sync:")
    if data.expires_at is not None:
        st.caption(t("This share works until {date}.", date=fmt.local_datetime(data.expires_at, time_zone, locale)))


def _marks_legend(data: reports.ReportData) -> None:
    marks = data.totals.marks
    parts = [f"{mark_badge(m)} {posts_count(n)}" for m, n in marks.items()]
    st.markdown(t("Where the numbers come from:") + " " + " ".join(parts))
    st.caption(" · ".join(f"{mark_label(m)}: {t(report_metrics.MARK_NOTES[m])}"
                          for m in ("verified", "imported", "self-reported", "brand")))


def _totals(data: reports.ReportData, locale: str) -> None:
    tot = data.totals
    er = metrics.ENGAGEMENT_RATE_BY_REACH
    row = st.columns(4)
    row[0].metric(t("Posts"), fmt.number(tot.posts, locale), help=_help(metrics.POSTS_IN_PERIOD.formula))
    row[1].metric(t("Views"), fmt.number(tot.views, locale), help=_help(N_("Views = sum of each post's latest views")))
    row[2].metric(t("Reach"), fmt.number(tot.reach, locale), help=_help(N_("Reach = sum of each post's latest reach")))
    row[3].metric(t("Link clicks"), fmt.number(tot.link_clicks, locale),
                  help=_help(N_("Link clicks where the platform reports them (stories, for example).")))
    row = st.columns(4)
    row[0].metric(t(report_metrics.ENGAGEMENTS.label), fmt.number(tot.engagements, locale),
                  help=_help(report_metrics.ENGAGEMENTS.formula, report_metrics.ENGAGEMENTS.note))
    row[1].metric(t("Saves"), fmt.number(tot.saves, locale))
    row[2].metric(t("Shares"), fmt.number(tot.shares, locale))
    row[3].metric(t(er.label), fmt.percent(tot.er_reach, locale),
                  help=_help(er.formula, metrics.POOLED_ER.formula, er.note))
    row = st.columns(4)
    row[0].metric(t("Likes"), fmt.number(tot.likes, locale))
    row[1].metric(t("Comments"), fmt.number(tot.comments, locale))
    row[2].metric(t(metrics.MEDIAN_ER.label), fmt.percent(tot.er_reach_median, locale),
                  help=_help(er.formula, metrics.MEDIAN_ER.formula))
    row[3].metric(t(metrics.ENGAGEMENT_RATE_BY_VIEWS.label), fmt.percent(tot.er_views, locale),
                  help=_help(metrics.ENGAGEMENT_RATE_BY_VIEWS.formula, metrics.ENGAGEMENT_RATE_BY_VIEWS_NOTE))
    st.markdown(f"**{t(er.label)}** · {t(er.formula)}")
    st.caption(t("Overall: {interactions} interactions / {denominator} reach",
                 interactions=fmt.number(tot.er_reach_interactions, locale),
                 denominator=fmt.number(tot.er_reach_reach, locale)))


def _money(value: Decimal | None, currency: str | None, locale: str) -> str:
    """Money at the currency's minor units, as every page shows it; a dash when there is none."""
    return "—" if value is None or currency is None else fmt.money(value, currency, locale)


def _costs(data: reports.ReportData, locale: str) -> None:
    st.markdown(f"#### {t('Cost per result')}")
    costs = data.costs()
    row = st.columns(4)
    row[0].metric(t(report_metrics.SPEND.label), _money(costs.spend, costs.currency, locale),
                  help=_help(report_metrics.SPEND.formula, report_metrics.SPEND.note))
    row[1].metric(t(report_metrics.COMMITTED.label), _money(costs.committed, costs.currency, locale),
                  help=_help(report_metrics.COMMITTED.formula, report_metrics.COMMITTED.note))
    row[2].metric(t(report_metrics.CONVERSIONS.label), fmt.number(data.total_conversions, locale),
                  help=_help(report_metrics.CONVERSIONS.formula))
    row[3].metric(t(report_metrics.CPA.label), _money(costs.cpa, costs.currency, locale),
                  help=_help(report_metrics.CPA.formula, report_metrics.CPA.note))
    row = st.columns(3)
    for column, metric in zip(row, (report_metrics.CPM, report_metrics.CPV, report_metrics.CPE)):
        value = _money(costs.cpm, costs.currency, locale) if metric.key == "cpm" else \
            money(costs.value(metric.key), costs.currency, costs.places(metric.key), locale)
        column.metric(t(metric.label), value, help=_help(metric.formula, metric.note))
    st.markdown(f"**{t(report_metrics.SPEND.label)}** · {t(report_metrics.SPEND.formula)}")
    delivered = [o for o in data.offers if o.deliverables]
    if delivered and costs.spend is not None:
        st.caption("  \n".join(
            t("{campaign}: {fee} × {posted} / {total} = {share}", campaign=user_text(o.campaign),
              fee=fmt.money(o.fee, o.currency, locale), posted=fmt.number(o.delivered, locale),
              total=fmt.number(o.deliverables, locale),
              share=fmt.money(o.fee * o.delivered / o.deliverables, o.currency, locale))
            for o in delivered))
    if costs.spend is None:
        if len(data.spend.currencies) > 1:
            st.caption(t("The fees are in {currencies}: costs per result are shown only for fees in one currency.",
                         currencies=", ".join(data.spend.currencies)))
        else:
            st.caption(t("No fee to divide: costs per result need a report built from a brand's offers."))
    elif not data.conversions:
        st.caption(t("CPA appears once the brand enters conversions."))
    else:
        st.caption(mark_badge(report_metrics.BRAND_MARK) + " " + t("Conversions and revenue as the brand entered them."))


def _charts(data: reports.ReportData, locale: str) -> None:
    """Views and reach, and the engagement rate, per post: SVG bars drawn here (portal/svg_charts), so someone
    opening a shared link sees them without waiting for a charting library."""
    rows = [r for r in data.posted_rows if r.has_numbers]
    if not rows:
        return
    labels = [f"{n}. {kind_label(r.platform, r.format)}" for n, r in enumerate(rows, start=1)]
    rtl = locale in RTL_LOCALES
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('Views and reach per post')}**")
        st.html(svg_charts.bar_chart(labels, [
            svg_charts.Series(t("Views"), [_float(r.views) for r in rows], [ACCENT] * len(rows)),
            svg_charts.Series(t("Reach"), [_float(r.reach) for r in rows], [SECONDARY] * len(rows))],
            tick_text=lambda v: fmt.number(int(v), locale), value_text=lambda v: fmt.number(int(v), locale),
            label=t("Views and reach per post"), rtl=rtl))
    with right:
        st.markdown(f"**{t('Engagement rate by reach per post')}**")
        st.html(svg_charts.bar_chart(labels, [svg_charts.Series(
            t(metrics.ENGAGEMENT_RATE_BY_REACH.label), [_float(r.er_reach) for r in rows],
            [PLATFORM_COLOURS.get(r.platform, ACCENT) for r in rows])],
            tick_text=lambda v: fmt.percent(v, locale, 1), value_text=lambda v: fmt.percent(v, locale, 2),
            label=t("Engagement rate by reach per post"), rtl=rtl, whole=False))


def _float(value) -> float | None:
    return None if value is None else float(value)


def disclosure_text(row: reports.Row, markets) -> str:
    status = reports.disclosure_status(row, markets)
    text = t(DISCLOSURE_LABELS[status])
    if status in ("fail", "review"):
        flagged = [t(disclosures.market(c.jurisdiction).name) if c.jurisdiction in disclosures.JURISDICTIONS
                   else c.jurisdiction for c in reports.disclosure_checks(row, markets) if c.status != "pass"]
        text += f" ({', '.join(flagged)})"  # the markets by name, not their codes
    return text


def _posts_table(data: reports.ReportData, locale: str, time_zone: str, key: str) -> None:
    st.markdown(f"#### {t('Deliverables and posts')}")
    rows = data.posted_rows
    shown = pd.DataFrame({
        "posted": pd.to_datetime([r.posted_at for r in rows], utc=True),
        "what": [kind_label(r.platform, r.format) + (f" · {plain_text(r.handle)}" if r.handle else "") for r in rows],
        "campaign": [plain_text(r.campaign) or "—" for r in rows],
        "views": [r.views for r in rows], "reach": [r.reach for r in rows],
        "engagements": [r.engagements for r in rows],
        "er_reach": [None if r.er_reach is None else float(r.er_reach) for r in rows],
        "er_views": [None if r.er_views is None else float(r.er_views) for r in rows],
        "link_clicks": [r.link_clicks for r in rows], "saves": [r.saves for r in rows],
        "shares": [r.shares for r in rows],
        "numbers": [f"{report_metrics.MARK_ICONS.get(r.mark, '')} {mark_label(r.mark)}" for r in rows],
        "disclosure": [disclosure_text(r, data.markets) for r in rows],
        "permalink": [r.permalink for r in rows]})
    counts = ("views", "reach", "engagements", "link_clicks", "saves", "shares")
    for column in counts:
        shown[column] = shown[column].astype("Int64")
    when = (lambda v: "—" if pd.isna(v) else fmt.local_datetime(v.to_pydatetime(), time_zone, locale))
    formats = {"posted": when, "er_reach": tables.percents(locale), "er_views": tables.percents(locale),
               **{c: tables.numbers(locale) for c in counts}}
    st.dataframe(tables.shown(shown, formats), hide_index=True, width="stretch", key=f"{key}_posts_table",
                 column_config={
        "posted": t("Posted on"), "what": t("Post"), "campaign": t("Campaign"), "views": t("Views"),
        "reach": t("Reach"), "engagements": t(report_metrics.ENGAGEMENTS.label),
        "er_reach": t(metrics.ENGAGEMENT_RATE_BY_REACH.label), "er_views": t(metrics.ENGAGEMENT_RATE_BY_VIEWS.label),
        "link_clicks": t("Link clicks"), "saves": t("Saves"), "shares": t("Shares"), "numbers": t("Numbers"),
        "disclosure": t("Disclosure"),
        "permalink": st.column_config.LinkColumn(t("Link"), display_text=t("Open"))})
    unmatched = [r for r in rows if not r.has_numbers]
    if unmatched:
        st.caption(t("Posts without numbers yet: {count}. Their numbers appear after the next sync or import of the "
                     "post.", count=len(unmatched)))
    markets = ", ".join(t(disclosures.market(m).name) for m in data.markets if m in disclosures.JURISDICTIONS)
    if markets:
        st.caption(t("Disclosure: each sponsored post's caption checked against the rules of {markets}.",
                     markets=markets))


def _pending(data: reports.ReportData, locale: str, key: str) -> None:
    pending = data.pending_rows
    if not pending:
        return
    st.markdown(f"#### {t('Not posted yet')}")
    frame = pd.DataFrame({
        "what": [kind_label(r.platform, r.format) for r in pending],
        "campaign": [plain_text(r.campaign) or "—" for r in pending],
        "due": pd.to_datetime([r.due_date for r in pending]),  # sorts as dates, shown as the reader writes them
        "status": [deliverable_status_label(r.status or "") for r in pending]})
    st.dataframe(tables.shown(frame, {"due": tables.days(locale)}), hide_index=True, width="stretch",
                 key=f"{key}_pending_table",
        column_config={"what": t("Deliverable"), "campaign": t("Campaign"), "due": t("Due"), "status": t("Status")})


def _file_stem(data: reports.ReportData) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in data.report.title.lower()).strip("-")
    return "report-" + ("-".join(p for p in cleaned.split("-") if p)[:60] or "campaign")


def _downloads(data: reports.ReportData, locale: str, time_zone: str, key: str, current) -> None:
    """CSV and PDF files are made when clicked (no rerun, nothing rendered while the page draws), from the report
    as current() reads it then: a revoked link or an ended share gives no file. The PDF is written in the page's
    language (`locale`)."""
    stem = _file_stem(data)
    current = current or (lambda: data)
    posts, summary, pdf = st.columns(3)
    with posts:
        st.download_button(t("Download posts as CSV"),
                           reports.file_on_demand(current, lambda d: to_safe_csv(reports.rows_frame(d))),
                           file_name=f"{stem}-posts.csv", mime="text/csv", key=f"{key}_csv_posts",
                           icon=":material/download:", on_click="ignore")
    with summary:
        st.download_button(t("Download totals as CSV"),
                           reports.file_on_demand(current, lambda d: to_safe_csv(reports.summary_frame(d))),
                           file_name=f"{stem}-totals.csv", mime="text/csv", key=f"{key}_csv_totals",
                           icon=":material/download:", on_click="ignore")
    with pdf:
        st.download_button(t("Download as PDF"),
                           reports.file_on_demand(current, lambda d: report_pdf.render_report(d, time_zone=time_zone,
                                                                                    locale=locale)),
                           file_name=f"{stem}.pdf", mime="application/pdf", key=f"{key}_pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore",
                           help=t("The PDF is made when you click, from the report as it is then."))


def render_conversions(data: reports.ReportData, *, locale: str, time_zone: str, key: str,
                       on_remove=None) -> None:
    """The conversions the brand entered; with on_remove(conversion_id), a remove button for each."""
    st.markdown(f"#### {t('Conversions entered by the brand')}")
    if not data.conversions:
        st.caption(t("None entered yet: CPA appears once the brand enters conversions."))
        return
    for c in data.conversions:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            revenue = (" · " + t("revenue {amount}", amount=money(c.revenue, c.currency, c.minor_units, locale))
                       if c.revenue is not None else "")
            left.markdown(f"{mark_badge(report_metrics.BRAND_MARK)} **{escape_md(c.label)}** · "
                          + tn("{count} conversion", "{count} conversions", c.conversions, count=fmt.number(c.conversions, locale)) + revenue)
            who = user_text(c.entered_by) if c.entered_by else t("the brand")
            left.caption(t("Entered by {who} on {date}", who=who,
                           date=fmt.local_datetime(c.entered_at, time_zone, locale) if c.entered_at else "—"))
            if on_remove is not None:
                right.button(t("Remove"), key=f"{key}_remove_{c.id}", on_click=on_remove, args=(c.id,),
                             icon=":material/delete:")


# -- a media kit -------------------------------------------------------------------------------------------------

def render_kit(kit: media_kit.Kit, *, locale: str, key: str, current=None) -> None:
    """current(): the kit as it is when its PDF is asked for (None once the link no longer works)."""
    st.header(user_text(kit.display_name))
    if kit.niche:
        st.markdown(f"**{escape_md(kit.niche)}**")
    if kit.headline:
        st.markdown(escape_md(kit.headline))
    if kit.contact_email:
        st.caption(t("Contact: {email}", email=escape_md(kit.contact_email)))
    st.caption(t("As of {date}: always current, computed when this page was opened.",
                 date=fmt.day(kit.as_of, locale) if kit.as_of else "—"))
    if kit.shows("audience"):
        _kit_audience(kit, locale, key)
    if kit.shows("engagement"):
        _kit_engagement(kit, locale, key)
    if kit.shows("demographics"):
        _kit_demographics(kit, locale, key)
    if kit.shows("top_posts"):
        _kit_top_posts(kit, locale, key)
    if kit.shows("partners"):
        st.subheader(t("Past brand partners"))
        if kit.partners:
            st.markdown(" · ".join(f"**{escape_md(p)}**" for p in kit.partners))
        else:
            st.caption(t("No past partner chosen yet."))
    if kit.shows("rates"):
        st.subheader(t("Rates"))
        if kit.rates:
            tables.static(pd.DataFrame({
                "platform": [platform_name(r.platform) for r in kit.rates],
                "format": [t(POST_TYPE_LABELS.get(r.format, r.format)) for r in kit.rates],
                "fee": [money(r.fee, r.currency, max(0, -r.fee.as_tuple().exponent), locale) for r in kit.rates]}),
                {}, {"platform": t("Platform"), "format": t("Format"), "fee": t("Fee")})
        else:
            st.caption(t("No rates listed yet."))
    stem = "media-kit-" + "".join(ch if ch.isalnum() else "-" for ch in kit.display_name.lower()).strip("-")
    st.download_button(t("Download the media kit as PDF"),
                       reports.file_on_demand(current or (lambda: kit),
                                              lambda k: report_pdf.render_media_kit(k, locale=locale)),
                       file_name=f"{stem}.pdf", mime="application/pdf", key=f"{key}_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore",
                       help=t("The PDF is made when you click, from the media kit as it is then."))


def _kit_audience(kit: media_kit.Kit, locale: str, key: str) -> None:
    st.subheader(t("Audience"))
    if not kit.audience:
        st.caption(t("No follower counts yet."))
        return
    columns = st.columns(min(len(kit.audience), 4) + 1)
    columns[0].metric(t("Total followers"), fmt.number(kit.total_followers, locale),
                      help=_help(metrics.TOTAL_FOLLOWERS.formula, metrics.TOTAL_FOLLOWERS.note))
    for column, a in zip(columns[1:], kit.audience):
        column.metric(f"{platform_name(a.platform)} · {escape_md(a.handle, 100)}", fmt.number(a.followers, locale),
                      help=t("{mark}, as of {date}", mark=mark_label(report_metrics.mark_for(a.source)),
                             date=fmt.day(a.as_of, locale) if a.as_of else "—"))
    _audience_shares(kit, locale)
    marks = {}
    for a in kit.audience:
        mark = report_metrics.mark_for(a.source)
        marks[mark] = marks.get(mark, 0) + 1
    st.markdown(t("Where the numbers come from:") + " "
                + " ".join(f"{mark_badge(m)} {t('accounts: {count}', count=n)}" for m, n in marks.items()))


def _audience_shares(kit: media_kit.Kit, locale: str) -> None:
    """Each account's share of all followers as a bar, largest first. Plain bars rather than a chart: a visitor
    opening the link sees them at once, where a chart first loads the charting library (most of the wait)."""
    total = sum(a.followers for a in kit.audience)
    if not total:
        return
    for a in sorted(kit.audience, key=lambda a: -a.followers):
        share = a.followers / total
        st.progress(min(1.0, float(share)), text=t("{account}: {share} of all followers",
                                                   account=f"{platform_name(a.platform)} · {user_text(a.handle, 100)}",
                                                   share=fmt.percent(share, locale, 0)))


def _kit_engagement(kit: media_kit.Kit, locale: str, key: str) -> None:
    st.subheader(t("Engagement per platform"))
    st.caption(t("Posts published from {start} to {end}.", start=fmt.day(kit.period_start, locale),
                 end=fmt.day(kit.period_end, locale)))
    rows = [(e, metrics.ENGAGEMENT_RATE_BY_REACH) for e in kit.engagement_reach] + \
           [(e, metrics.ENGAGEMENT_RATE_BY_VIEWS) for e in kit.engagement_views]
    if not rows:
        st.caption(t("No posts in this period."))
        return
    tables.static(pd.DataFrame({
        "platform": [platform_name(e.platform) for e, _ in rows],
        "formula": [t(m.label) for _, m in rows],
        "posts": [e.posts for e, _ in rows],
        "median": [None if e.median is None else float(e.median) for e, _ in rows],
        "pooled": [None if e.pooled is None else float(e.pooled) for e, _ in rows]}),
        {"posts": tables.numbers(locale), "median": tables.percents(locale), "pooled": tables.percents(locale)},
        {"platform": t("Platform"), "formula": t("Formula"), "posts": t("Posts"),
         "median": t(metrics.MEDIAN_ER.label), "pooled": t(metrics.POOLED_ER.label)})
    st.markdown("  \n".join(f"**{t(m.label)}** · {t(m.formula)}" for m in
                            [metrics.ENGAGEMENT_RATE_BY_REACH] + ([metrics.ENGAGEMENT_RATE_BY_VIEWS]
                                                                  if kit.engagement_views else [])))
    st.caption(" ".join([t(metrics.MEDIAN_ER.formula) + ".", t(metrics.POOLED_ER.formula) + "."]))


def _kit_demographics(kit: media_kit.Kit, locale: str, key: str) -> None:
    st.subheader(t("Audience demographics"))
    if not kit.demographics:
        st.caption(t("No demographics yet: the platforms hide them while an audience is small."))
        return
    dimensions = [d for d in ("age", "gender", "country", "city") if kit.top_demographics(d)]
    columns = st.columns(len(dimensions))
    for column, dimension in zip(columns, dimensions):
        top = kit.top_demographics(dimension)
        with column:
            st.markdown(f"**{t(DIMENSION_LABELS[dimension])}**")
            tables.static(pd.DataFrame({
                "bucket": [tables.bucket_label(dimension, d.bucket, locale) for d in top],
                "share": [float(d.share) for d in top]}), {"share": tables.percents(locale, 1)},
                {"bucket": t("Group"), "share": t("Share")})
    st.caption(t(metrics.DEMOGRAPHIC_SHARE.formula))


def _kit_top_posts(kit: media_kit.Kit, locale: str, key: str) -> None:
    st.subheader(t("Top posts"))
    if not kit.top_posts:
        st.caption(t("No posts in this period."))
        return
    tables.static(pd.DataFrame({
        "posted": [p.posted_at.date() if p.posted_at else None for p in kit.top_posts],
        "what": [kind_label(p.platform, p.post_type) for p in kit.top_posts],
        "rate": [None if p.rate is None else float(p.rate) for p in kit.top_posts],
        "caption": [p.caption for p in kit.top_posts],
        "permalink": [p.permalink for p in kit.top_posts]}),
        {"posted": tables.days(locale), "rate": tables.percents(locale)},
        {"posted": t("Posted on"), "what": t("Post"), "rate": t(metrics.ENGAGEMENT_RATE_BY_REACH.label),
         "caption": t("Caption"), "permalink": t("Link")}, links={"permalink": t("Open")})


def picked_report(items: list[T], empty: str, pick: Callable[[list[T]], T], read: Callable[[T], reports.ReportData],
                  gone: str) -> tuple[T, reports.ReportData] | None:
    """The report the person picks among `items` (drawn by `pick`) and, below a divider, its data; None, having said
    why, when there is no report yet (`empty`) or the picked one is gone (`gone`: the pick is forgotten)."""
    if not items:
        st.info(empty, icon=":material/description:")
        return None
    chosen = pick(items)
    st.divider()
    try:
        return chosen, read(chosen)
    except NotFound:
        session.set_selected_report(None)
        st.warning(gone)
        return None
