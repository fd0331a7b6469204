"""Streamlit-facing helpers: page setup, door, filter bar, widgets, forms. With lib/data.py the only Streamlit code
besides the pages."""
