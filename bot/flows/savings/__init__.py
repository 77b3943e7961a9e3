"""Flows over the housing savings: points, precalification, statements, contributions, and their
views and charts.
"""
