"""Domain logic and gateways. Nothing here imports streamlit."""
