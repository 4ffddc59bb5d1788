"""Plot rooms by concern: each `plot_*` takes computed results and returns a plotly Figure; no Streamlit here."""
