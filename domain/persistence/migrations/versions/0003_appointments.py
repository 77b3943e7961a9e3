"""Appointments at service centres.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("folio", sa.String(12), nullable=False, unique=True),
        sa.Column("account_id", sa.String(36),
                  sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("centre_id", sa.String(40), nullable=False),
        sa.Column("procedure", sa.String(32), nullable=False),
        sa.Column("starts_at", WHEN, nullable=False),
        sa.Column("desk", sa.Integer, nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("cancelled_at", WHEN, nullable=True),
        sa.UniqueConstraint("centre_id", "starts_at", "desk"),
    )
    op.create_index("ix_appointments_centre_starts", "appointments", ["centre_id", "starts_at"])


def downgrade() -> None:
    op.drop_table("appointments")
