"""Flows that book an appointment at a service centre, including account recovery."""
