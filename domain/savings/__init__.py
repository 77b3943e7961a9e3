"""The savings and credit options as use cases: points, contributions and statements,
precalification, behind one service the flows call (``service.SavingsService``)."""
