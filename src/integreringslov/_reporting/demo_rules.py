"""The demo report's eligibility section: a small embedded caseload, assessed with reasons."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

import pandas as pd

from integreringslov._reporting.section import Section

__all__ = ["demo_persons", "demo_section"]


def demo_persons(on: date) -> pd.DataFrame:
    """Ten made-up persons, dated relative to ``on``, covering the main outcomes."""

    def ago(days: int) -> str:
        return (on - timedelta(days=days)).isoformat()

    rows = [
        # id, birth, letter, granted, settled, agreement, nordic, ref, ref_settled, applied, hours
        ("P1", "1994-05-17", "a", ago(200), ago(150), "ja", "", "", "", "", ""),
        ("P2", "1962-02-01", "c", ago(300), ago(250), "ja", "", "", "", "", ""),
        ("P3", "1990-08-30", "f", ago(120), ago(100), "nei", "", "a", ago(900), ago(400), ""),
        ("P4", "1988-11-11", "f", ago(120), ago(100), "nei", "", "b", ago(2600), ago(400), ""),
        ("P5", "1999-01-20", "b", ago(900), ago(880), "ja", "", "", "", "", ""),
        ("P6", "1985-03-03", "a", ago(60), "", "", "", "", "", "", ""),
        ("P7", "1980-07-07", "", ago(100), ago(80), "nei", "ja", "", "", "", ""),
        ("P8", "1997-12-24", "d", ago(150), ago(120), "ja", "", "", "", "", "37,5"),
        ("P9", "1970-01-01", "a", "2019-06-01", "2019-09-01", "ja", "", "", "", "", ""),
        ("P10", "1979-04-04", "e", ago(90), ago(60), "ja", "", "", "", "", ""),
    ]
    columns = [
        "person_id",
        "birth_date",
        "permit_letter",
        "permit_granted",
        "settled_date",
        "settled_by_agreement",
        "nordic_or_eea",
        "reference_letter",
        "reference_settled_date",
        "reunification_applied",
        "work_hours_per_week",
    ]
    return pd.DataFrame(rows, columns=columns, dtype=str)


def demo_section(on: date) -> Section:
    """Assess the embedded caseload on ``on`` and lay out the table with reasons."""
    from integreringslov.rules.frame import assess_frame

    persons = demo_persons(on)
    out = assess_frame(persons, on=on)
    lines = [
        f"{len(out)} example persons assessed on {on.isoformat()} under integreringsloven "
        "§§ 8–9, § 11 and kapittel 6A:",
        "",
        f"{'id':<4} {'letter':<6} {'regime':<19} {'programme':<15} guidance",
    ]
    for (_, row), letter in zip(out.iterrows(), persons["permit_letter"], strict=True):
        lines.append(
            f"{row['person_id']:<4} {letter or '-':<6} {row['regime']:<19} "
            f"{row['programme']:<15} {row['career_guidance']}"
        )
        lines.append(textwrap.indent(f"basis: {row['basis']}", "     "))
        wrapped = textwrap.fill(str(row["reason"]), width=84)
        lines.append(textwrap.indent(wrapped, "     "))
    return Section(
        title="Eligibility: introduction programme and career guidance", body="\n".join(lines)
    )
