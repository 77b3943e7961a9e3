"""Growing locks (how many locks a guard's subject had since its last success) and the
last TOTP time step each staff member used (a code is accepted once).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("guards") as table:
        table.add_column(sa.Column("locks", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("staff") as table:
        table.add_column(sa.Column("totp_step", sa.BigInteger, nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("staff") as table:
        table.drop_column("totp_step")
    with op.batch_alter_table("guards") as table:
        table.drop_column("locks")
