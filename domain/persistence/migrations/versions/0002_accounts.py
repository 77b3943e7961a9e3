"""Accounts, linked chat identities, one-time codes, guards and transcripts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("worker_id", sa.String(36), sa.ForeignKey("workers.id"), nullable=False,
                  unique=True),
        sa.Column("email_enc", sa.Text, nullable=False),
        sa.Column("email_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("mobile_enc", sa.Text, nullable=False),
        sa.Column("mobile_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("consent_at", WHEN, nullable=False),
        sa.Column("terms_at", WHEN, nullable=True),
        sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("password_changed_at", WHEN, nullable=True),
    )
    op.create_table(
        "chat_identities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(36),
                  sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("linked_at", WHEN, nullable=False),
        sa.UniqueConstraint("channel", "user_hash"),
    )
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(36), nullable=False, index=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("medium", sa.String(8), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("address_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
    )
    op.create_index("ix_codes_address_created", "one_time_codes", ["address_hash", "created_at"])
    op.create_index("ix_codes_subject_created", "one_time_codes", ["subject", "created_at"])
    op.create_table(
        "guards",
        sa.Column("subject", sa.String(100), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", WHEN, nullable=True),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "transcripts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("conversation_hash", sa.String(64), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("transcripts", "guards", "one_time_codes", "chat_identities", "accounts"):
        op.drop_table(table)
