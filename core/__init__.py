"""Samspill core: pure Python, no Streamlit."""
