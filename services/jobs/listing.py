"""What `python -m services.admin jobs` shows: the queue's jobs that are waiting, running or failed, newest first,
each with its last error (app.job_errors), and a count per status and queue."""
from __future__ import annotations

import json

import psycopg
from psycopg.rows import dict_row

STATUSES = ("todo", "doing", "failed")

_JOBS = """
select j.id, j.queue_name, j.task_name, j.status::text as status, j.attempts, j.args, j.scheduled_at,
       (select max(e.at) from public.procrastinate_events e where e.job_id = j.id) as changed_at,
       (select x.error from app.job_errors x where x.job_id = j.id order by x.at desc limit 1) as error
  from public.procrastinate_jobs j
 where j.status::text = any(%(statuses)s)
 order by j.status = 'failed' desc, j.id desc
 limit %(limit)s
"""
_COUNTS = """
select queue_name, status::text as status, count(*) as n from public.procrastinate_jobs
 group by 1, 2 order by 1, 2
"""


def listing(admin_url: str, *, statuses=STATUSES, limit: int = 50) -> tuple[list[dict], list[dict]]:
    with psycopg.connect(admin_url, row_factory=dict_row, connect_timeout=10) as conn:
        return (conn.execute(_JOBS, {"statuses": list(statuses), "limit": limit}).fetchall(),
                conn.execute(_COUNTS).fetchall())


def lines(rows: list[dict], counts: list[dict]) -> list[str]:
    out = []
    if counts:
        out.append("Jobs per queue: " + "; ".join(f"{c['queue_name']} {c['status']} {c['n']}" for c in counts))
    else:
        out.append("The queue is empty.")
    for r in rows:
        args = json.dumps(r["args"], sort_keys=True, separators=(",", ":"))
        when = (r["changed_at"] or r["scheduled_at"])
        at = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else "-"
        line = f"{r['id']:>8} {r['status']:<7} {r['queue_name']:<9} {r['task_name'].rsplit('.', 1)[-1]} {args} " \
               f"attempts={r['attempts']} at={at}"
        if r["status"] == "todo" and r["scheduled_at"]:
            line += f" next={r['scheduled_at'].strftime('%Y-%m-%dT%H:%M:%SZ')}"
        if r["error"]:
            line += f"\n         error: {' '.join(r['error'].split())}"
        out.append(line)
    return out
