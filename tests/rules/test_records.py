"""One record per legal ground (issue 20): the rules, the wording and the docs derive from it."""

from __future__ import annotations

import enum
import re
from datetime import date

import attrs
import numpy as np

from integreringslov.rules import Ground, render
from integreringslov.rules._grounds import GUIDANCE, PROGRAMME
from integreringslov.rules._records import RECORD, RECORDS, GroundRecord, grounds_markdown

ON = date(2026, 2, 1)  # every modelled parameter has a value on this day


def test_every_ground_has_exactly_one_record():
    assert sorted(r.ground for r in RECORDS) == sorted(Ground)
    assert len({r.ground for r in RECORDS}) == len(RECORDS)


def test_outcomes_basis_and_reason_come_from_the_record():
    for record in RECORDS:
        if record.ground is Ground.UNDETERMINED:
            continue
        r = render(record.ground, "a", ON)
        assert (PROGRAMME[record.ground], GUIDANCE[record.ground]) == (
            record.programme,
            record.guidance,
        )
        assert r.programme is record.programme
        assert r.provisions == record.provisions("a", ON)
        # the reason is the record's, its {…} filled with the dated parameters
        pattern = re.escape(record.reason)
        pattern = re.sub(r"\\\{\w+\\\}", ".+?", pattern)
        assert re.match(pattern, r.reason), record.ground


def test_every_record_cites_an_instrument_and_the_words_it_rests_on():
    for record in RECORDS:
        assert re.fullmatch(r"(LOV|FOR)-\d{4}-\d{2}-\d{2}-\d+", record.instrument)
        assert record.words


class _MadeUp(enum.IntEnum):
    """A ground that is no ground of the law, for this test only."""

    MADE_UP_TEST_GROUND = 99


def test_a_made_up_ground_is_one_record_and_the_docs_list_shows_it():
    made_up = attrs.evolve(
        RECORD[Ground.OVER_AGE],
        ground=_MadeUp.MADE_UP_TEST_GROUND,
        words="A made-up ground: «nothing in the law says this».",
        instrument="LOV-2099-01-01-1",
    )
    listed = grounds_markdown((*RECORDS, made_up))
    assert "`made_up_test_ground`" in listed
    assert "nothing in the law says this" in listed
    assert "`made_up_test_ground`" not in grounds_markdown()
    assert isinstance(made_up, GroundRecord)


def test_the_docs_list_names_every_ground_in_the_law_order():
    listed = grounds_markdown()
    names = re.findall(r"^\| `(\w+)`", listed, flags=re.M)
    assert names == [r.ground.name.lower() for r in RECORDS]


def test_the_section_8_bit_mask_names_exactly_the_section_8_grounds():
    """Issue 23: ``decide`` finds § 37 b's grounds by shifting a bit mask; every ground
    code must have its own bit (a new ground past bit 30 would wrap)."""
    from integreringslov.rules._grounds import SECTION_8_GROUNDS, _in_section_8

    codes = np.array([int(g) for g in Ground], dtype=np.int8)
    assert _in_section_8(codes).tolist() == [g in SECTION_8_GROUNDS for g in Ground]
    assert max(Ground) < 31
