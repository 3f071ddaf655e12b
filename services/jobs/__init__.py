"""Background work on the project's own Postgres: a procrastinate queue (supabase/migrations/20261206200000),
workers (`python -m services.worker`), the tasks (tasks.py), the shared per-platform rate budget (budget.py),
the retry policy (retry.py) and email notifications (mail.py, notify.py)."""
