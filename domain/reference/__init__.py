"""Yearly reference data (UMA, minimum wage, credit and points rules) from versioned files.

Use ``default_reference().for_date(today)`` to get the ``ReferenceYear`` in force; every
savings and credit rule takes that value as a parameter and reports it as a ``RuleSetRef``.
"""

from domain.reference.loader import (
    InvalidReferenceData,
    ReferenceDataUnavailable,
    ReferenceTable,
    default_reference,
    load_reference,
)
from domain.reference.model import ReferenceYear, RuleSetRef, Threshold

__all__ = [
    "InvalidReferenceData",
    "ReferenceDataUnavailable",
    "ReferenceTable",
    "ReferenceYear",
    "RuleSetRef",
    "Threshold",
    "default_reference",
    "load_reference",
]
