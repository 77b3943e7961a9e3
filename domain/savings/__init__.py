"""The savings and credit rules and their use cases: the worker's record, points,
precalification, contributions and statements, behind one service the flows call
(``service.SavingsService``)."""
