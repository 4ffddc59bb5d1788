"""Synth Studio's Streamlit dashboard: pages over the `synth_core` package."""
