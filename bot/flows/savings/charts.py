"""The pictures of the savings answers, as ``Chart`` values (keys and figures): points
against the line they must reach, the savings by bimester, and the precalification's sum.
Each caption says in words what the picture shows, with the same figures as the text."""

from __future__ import annotations

from decimal import Decimal

from bot.conversation.messages import Chart, LongDate, Money, Msg
from domain.savings.points.evaluate import PointsResult
from domain.savings.precalification.model import CreditEstimate
from domain.savings.statement import Statement

COMPONENT = "points.component."


def _grouped(value: int) -> Decimal:
    """Whole numbers as ``Decimal`` so the locale groups their thousands ("1,080")."""
    return Decimal(value)


def points_chart(result: PointsResult) -> Chart:
    """The parts stacked in one column; the line at the points the scheme asks for."""
    required = result.threshold.minimum_points
    total = _grouped(result.total)
    parts = [c for c in result.components if c.points > 0]
    line = Decimal(required) if required is not None else None
    figures = {"total": total, "required": _grouped(required or 0)}
    return Chart(
        kind="stack", name="puntos",
        title=Msg("chart.points.title", total=total),
        caption=Msg("chart.points.caption" if line is not None else "chart.points.title",
                    **figures),
        alt=Msg("chart.points.alt", **figures),
        labels=tuple(Msg("chart.part." + c.key.removeprefix(COMPONENT)) for c in parts),
        values=tuple(Decimal(c.points) for c in parts),
        line=line,
        line_label=Msg("chart.points.line", required=figures["required"]) if line else None,
        note=Msg("chart.points.note"),
    )


def balance_chart(statement: Statement) -> Chart:
    """The housing savings at the close of each bimester of ``statement``."""
    periods = statement.periods
    last = periods[-1]
    return Chart(
        kind="columns", name="ahorro", money=True,
        title=Msg("chart.balance.title"),
        caption=Msg("chart.balance.caption", balance=Money(last.closing),
                    date=LongDate(last.end)),
        alt=Msg("chart.balance.alt",
                first=bimester(periods[0].bimester.number, periods[0].bimester.year),
                last=bimester(last.bimester.number, last.bimester.year)),
        labels=tuple(bimester(p.bimester.number, p.bimester.year) for p in periods),
        values=tuple(p.closing for p in periods),
    )


def precal_chart(estimate: CreditEstimate) -> Chart:
    """Credit, plus the Subcuenta, minus closing costs, equals the total for the home."""
    return Chart(
        kind="hbars", name="precalificacion", money=True,
        title=Msg("chart.precal.title", total=Money(estimate.total)),
        caption=Msg("chart.precal.caption", amount=Money(estimate.credit),
                    subcuenta=Money(estimate.subcuenta_balance),
                    closing=Money(estimate.closing_costs), total=Money(estimate.total)),
        alt=Msg("chart.precal.alt"),
        labels=(Msg("chart.precal.credit"), Msg("chart.precal.subcuenta"),
                Msg("chart.precal.closing"), Msg("chart.precal.total")),
        values=(estimate.credit, estimate.subcuenta_balance, -estimate.closing_costs,
                estimate.total),
    )


def bimester(number: int, year: int) -> Msg:
    """A bimester short, as the lists and charts write it: 4/2026."""
    return Msg("answer.bimester", number=number, year=year)
