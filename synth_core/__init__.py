"""Synth Studio core: read, describe, generate and evaluate synthetic tabular data."""
