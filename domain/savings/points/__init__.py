"""Precalification points: evaluating a record, the arithmetic, the projection, and why points
cannot be shown.
"""
