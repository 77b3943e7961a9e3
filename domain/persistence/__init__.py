"""Storage of records: SQLAlchemy models, repositories, unit of work and migrations.

Rule modules in ``domain/`` never import this package; use cases receive a unit of work.
"""
