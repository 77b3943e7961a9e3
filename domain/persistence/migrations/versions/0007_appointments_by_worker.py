"""Appointments belong to a worker's record; the account is optional («Recuperar mi cuenta»
is booked without a login).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("worker_id", sa.String(36), nullable=True))
    op.execute("UPDATE appointments SET worker_id = (SELECT accounts.worker_id FROM accounts "
               "WHERE accounts.id = appointments.account_id)")
    with op.batch_alter_table("appointments") as batch:
        batch.alter_column("worker_id", existing_type=sa.String(36), nullable=False)
        batch.alter_column("account_id", existing_type=sa.String(36), nullable=True)
        batch.create_foreign_key("fk_appointments_worker", "workers", ["worker_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index("ix_appointments_worker_id", ["worker_id"])


def downgrade() -> None:
    op.execute("DELETE FROM appointments WHERE account_id IS NULL")
    with op.batch_alter_table("appointments") as batch:
        batch.drop_index("ix_appointments_worker_id")
        batch.drop_constraint("fk_appointments_worker", type_="foreignkey")
        batch.drop_column("worker_id")
        batch.alter_column("account_id", existing_type=sa.String(36), nullable=False)
