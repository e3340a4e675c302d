"""Shared Streamlit pieces used by several pages."""
