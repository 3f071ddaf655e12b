"""Import of the files the platforms let creators download: Meta Business Suite (Instagram), TikTok Studio
and YouTube Studio exports.

    export = read_export(data, "Overview.csv", ReadOptions(downloaded_on=clock.today()))   # validate, no writes
    preview = run(gw, export, account_id=..., dry_run=True)                              # what would change
    outcome = run(gw, export, account_id=...)                                            # all or nothing

One parser module per platform (meta, tiktok, youtube), detection and merging in reader, the database
call in loader, and `python -m services.imports` for the command line."""
from services.accounts.imports.loader import (TABLE_LABELS, ImportOutcome, NewAccount, accounts, check_account, history, run,
                                     suggested_new_account)
from services.accounts.imports.model import ExportFileError, Part, ReadOptions
from services.accounts.imports.reader import PLATFORM_NAMES, SUPPORTED, ExportFile, read_export

__all__ = ["ExportFile", "ExportFileError", "ImportOutcome", "NewAccount", "PLATFORM_NAMES", "Part", "ReadOptions",
           "SUPPORTED", "TABLE_LABELS", "accounts", "check_account", "history", "read_export", "run",
           "suggested_new_account"]
