"""Altair chart specs, one module per subject. Pure: frames in, alt.Chart out. Pages draw them with
st.altair_chart; the report renders the same specs to PNG with vl-convert (lib.charts.common.to_png)."""
