"""The demo workspace: its people, the deterministic data generator and the seeders."""
