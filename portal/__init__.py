"""Streamlit glue: entry point, session, identity, layout, formatting, charts and translation."""
