"""Evaluation of synthetic data against real data: `calculate_*` functions returning typed results."""
