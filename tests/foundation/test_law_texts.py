"""The dated wordings against the primary texts (shared/domain/lovdata) and their dates.

Every wording the library holds must stand, word for word, in the instrument it cites: the
act as promulgated in Norsk Lovtidend, or (for the list letters of § 9 from 2023 and the
renumbered §§ 51–52) Lovdata's consolidated text of 2025-11-09.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

import integreringslov as il
from integreringslov.errors import NotInForceError
from integreringslov.law import Provision, text, versions
from integreringslov.law._texts import _ledd, modelled_sections

DAY = timedelta(days=1)
LOVDATA = Path(__file__).resolve().parents[3] / "shared" / "domain" / "lovdata"
needs_sources = pytest.mark.skipif(
    not LOVDATA.is_dir() and not __import__("os").environ.get("CI"),
    reason="shared/domain/lovdata is not beside this checkout",
)


def _normalise(text: str) -> str:
    text = re.sub(r"(?m)^[a-g][.)] ", "", text)  # list letters are markup in Lovtidend
    return re.sub(r"\s+", " ", text).strip()


@needs_sources
def test_every_wording_is_verbatim_in_its_instrument():
    # A renumbering act (LOV-2021-06-11-78) moves a text without repeating it: the text then
    # stands in the act as promulgated.
    promulgated = _normalise((LOVDATA / "lovtidend" / "LOV-2020-11-06-127.txt").read_text())
    consolidated = _normalise((LOVDATA / "integreringsloven-gjeldende-2025-11-09.txt").read_text())
    for w in _ledd():
        number = w.instrument.split()[0]
        source = _normalise((LOVDATA / "lovtidend" / f"{number}.txt").read_text())
        for line in w.text.splitlines():
            body = _normalise(line)
            found = body in source or body in consolidated
            if "unchanged" in " ".join(w.notes):
                found = found or body in promulgated
            assert found, (w.provision.short, w.period(), body)


def test_the_modelled_provisions_are_those_the_issue_names():
    assert set(modelled_sections()) >= {
        "§ 4", "§ 8", "§ 9", "§ 11", "§ 12", "§ 37 b", "§ 37 c", "§ 51", "§ 52",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("citation", "change", "old_instrument", "new_instrument", "new_start"),
    [
        # LOV-2023-06-09-24, in force 2023-08-01 (FOR-2023-06-09-804)
        (
            "§ 8 andre ledd",
            date(2023, 8, 1),
            "LOV-2020-11-06-127",
            "LOV-2023-06-09-24 del I",
            "Kravet om å være bosatt etter avtale",
        ),
        (
            "§ 9 første ledd bokstav d",
            date(2023, 8, 1),
            "LOV-2020-11-06-127",
            "LOV-2023-06-09-24 del I",
            "d. begrenset oppholdstillatelse som medlem av barnefamilie i"
            " påvente av dokumentert identitet",
        ),
        (
            "§ 9 andre ledd",
            date(2023, 8, 1),
            "LOV-2020-11-06-127",
            "LOV-2023-06-09-24 del I",
            "Første ledd bokstav f omfatter også familiemedlemmer",
        ),
        (
            "§ 4 tredje ledd",
            date(2023, 8, 1),
            "LOV-2020-11-06-127",
            "LOV-2023-06-09-24 del I",
            "Fylkeskommunen skal sørge for tilbud",
        ),
        # LOV-2025-06-20-35: § 12 andre ledd «straks», §§ 8 and 11 from 2026-01-01
        (
            "§ 12 andre ledd",
            date(2025, 6, 20),
            "LOV-2020-11-06-127",
            "LOV-2025-06-20-35 del I",
            "Kommunen skal treffe vedtak",
        ),
        (
            "§ 8 fjerde ledd",
            date(2026, 1, 1),
            "LOV-2020-11-06-127",
            "LOV-2025-06-20-35 del I",
            "Første ledd gjelder ikke innvandrere som er i arbeid",
        ),
        (
            "§ 11 fjerde ledd",
            date(2026, 1, 1),
            "LOV-2020-11-06-127",
            "LOV-2025-06-20-35 del I",
            "Når karriereveiledningen er gjennomført, bør",
        ),
        # kapittel 6A: LOV-2023-06-02-17 («straks»), LOV-2024-06-25-53 (FOR-2024-06-25-1212),
        # LOV-2025-06-20-35 (2026-01-01)
        (
            "§ 37 b andre ledd",
            date(2023, 6, 2),
            "LOV-2022-06-10-35 del IX",
            "LOV-2023-06-02-17",
            "Personer som har fått oppholdstillatelse etter utlendingsloven § 34, har rett, men",
        ),
        (
            "§ 37 c femte ledd",
            date(2023, 6, 2),
            "LOV-2022-06-10-35 del IX",
            "LOV-2023-06-02-17",
            "Retten til å delta i et introduksjonsprogram",
        ),
        (
            "§ 37 c første ledd",
            date(2024, 7, 1),
            "LOV-2022-06-10-35 del IX",
            "LOV-2024-06-25-53 del X",
            "Personer som har fått oppholdstillatelse",
        ),
        (
            "§ 37 c første ledd",
            date(2026, 1, 1),
            "LOV-2024-06-25-53 del X",
            "LOV-2025-06-20-35 del I",
            "Bestemmelsene i § 14 a første ledd bokstav c",
        ),
    ],
)
def test_day_before_and_day_of_each_rewording(
    citation, change, old_instrument, new_instrument, new_start
):
    before, after = text(citation, on=change - DAY), text(citation, on=change)
    assert before.instrument == old_instrument
    assert before.valid_to == change
    assert after.instrument == new_instrument
    assert after.valid_from == change
    assert after.text.startswith(new_start)
    assert before.text != after.text


def test_the_2024_6a_allows_refusing_near_full_time_work():
    sentence = "Kommunen kan avslå krav om deltagelse i introduksjonsprogram"
    assert sentence not in text("§ 37 c første ledd", on=date(2024, 6, 30)).text
    third = text("§ 37 c første ledd tredje punktum", on=date(2024, 7, 1))
    assert third.text.startswith(sentence)
    assert third.text.endswith("jobb eller tilbud om jobb på tilnærmet fulltid.")


def test_section_37_c_is_right_without_duty_only_until_2026():
    assert "rett, men ikke plikt" in text("§ 37 c", on=date(2025, 12, 31)).text
    assert "rett, men ikke plikt" not in text("§ 37 c", on=date(2026, 1, 1)).text
    # career guidance: § 37 b tredje ledd was not amended and runs until the repeal
    guidance = text("§ 37 b tredje ledd", on=date(2026, 6, 30))
    assert "rett, men ikke plikt, til å gjennomføre karriereveiledning" in guidance.text


@pytest.mark.parametrize("section", ["§ 37 b", "§ 37 c"])
def test_kapittel_6a_is_repealed_on_2026_07_01(section):
    assert text(section, on=date(2026, 6, 30))
    with pytest.raises(NotInForceError, match="2026-07-01"):
        text(section, on=date(2026, 7, 1))
    with pytest.raises(NotInForceError, match="2022-06-15"):
        text(section, on=date(2022, 6, 14))


def test_section_51_became_52_on_2022_08_01():
    # LOV-2021-06-11-78, in force 2022-08-01 (FOR-2022-05-20-871)
    rule = "Loven gjelder for de som får innvilget oppholdstillatelse etter lovens ikrafttredelse."
    assert text("§ 51", on=date(2022, 7, 31)).heading == "Overgangsregler"
    assert text("§ 51", on=date(2022, 7, 31)).text.startswith(rule)
    assert text("§ 51", on=date(2022, 8, 1)).heading == "Ikrafttredelse"
    assert text("§ 52", on=date(2022, 8, 1)).text.startswith(rule)
    with pytest.raises(NotInForceError):
        text("§ 52", on=date(2022, 7, 31))  # it was «Endringer i andre lover», not modelled


def test_section_12_third_ledd_repealed_2026():
    assert len(text("§ 12", on=date(2025, 12, 31)).parts) == 3
    after = text("§ 12", on=date(2026, 1, 1))
    assert len(after.parts) == 2
    assert after.instrument == "LOV-2025-06-20-35 del I"
    with pytest.raises(NotInForceError):
        text("§ 12 tredje ledd", on=date(2026, 1, 1))


def test_a_paragraph_lists_each_version_with_its_instruments():
    history = versions("§ 8")
    assert [(v.valid_from, v.valid_to) for v in history] == [
        (date(2021, 1, 1), date(2023, 8, 1)),
        (date(2023, 8, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), None),
    ]
    assert history[-1].instruments == (
        "LOV-2020-11-06-127",
        "LOV-2023-06-09-24 del I",
        "LOV-2025-06-20-35 del I",
    )
    assert "denne paragrafen" in history[-1].text


def test_age_60_is_noted_never_applied():
    wording = text("§ 8 første ledd første punktum", on=date(2026, 11, 29))
    assert wording.text.startswith("Innvandrere mellom 18 og 55 år")
    assert any("60 år" in n and "not in force" in n for n in wording.notes)


def test_dates_past_the_sources_say_so():
    assert not any("2025-11-09" in n for n in text("§ 9", on=date(2025, 11, 9)).notes)
    assert any("2025-11-09" in n for n in text("§ 9", on=date(2025, 11, 10)).notes)


def test_public_api_and_errors():
    assert il.law.text(Provision("§ 9", ledd=1, letter="f"), on=date(2024, 1, 1)).text.startswith(
        "f. oppholdstillatelse etter utlendingsloven kapittel 6"
    )
    with pytest.raises(NotInForceError):
        il.law.text("§ 8", on=date(2020, 12, 31))
    with pytest.raises(KeyError, match="§ 8"):
        il.law.text("§ 5", on=date(2024, 1, 1))
    with pytest.raises(ValueError, match="citation"):
        il.law.text("paragraph eight", on=date(2024, 1, 1))
