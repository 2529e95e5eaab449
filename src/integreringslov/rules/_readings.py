"""*Tolkninger* — where the texts are open: the readings the library takes, declared once.

Each :class:`Reading` names one open question, the options a caller may choose between, the
one the library takes by default and the argument for it; ``docs/law/readings.md`` has one
section per reading, in this order, under the reading's :attr:`Reading.question` (a test
checks the page against :data:`READINGS`). Where two readings are both defensible the
reading has two options, and ``readings={"section-37b-guidance": "every-holder"}`` (or
``--reading KEY=OPTION``) chooses the other one; where one option is listed the library
offers no choice.

>>> chosen({"section-37b-guidance": "every-holder"})["section-37b-guidance"]
'every-holder'
>>> chosen(None)["section-37b-guidance"]
'section-8-group'
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from integreringslov._text.i18n import tr

__all__ = ["READING", "READINGS", "Reading", "chosen", "parse_reading"]


@attrs.frozen(kw_only=True)
class Reading:
    """One open question in the texts, its options and the library's default."""

    key: str
    """The name a caller chooses the reading by (``readings={key: option}``)."""
    question: str
    """The open question, as the heading of its section in the readings page."""
    options: tuple[str, ...]
    """The readings a caller may choose; the first is the default."""
    argument: str
    """Why the default: the docs' argument, in short (the page gives it in full)."""

    @property
    def default(self) -> str:
        """The reading the library takes unless the caller chooses another."""
        return self.options[0]


READINGS: tuple[Reading, ...] = (
    Reading(
        key="section-37b-guidance",
        question="§ 37 b tredje ledd: career guidance for § 34 holders",
        options=("section-8-group", "every-holder"),
        argument=(
            "§ 11 første ledd, which § 37 b tredje ledd modifies, gives career guidance to "
            "«personer som omfattes av § 8 første ledd», and § 37 c says «For øvrig gjelder "
            "§§ 8 og 9»: the right reaches the § 34 holders otherwise within § 8 første ledd. "
            "Read alone, the sentence reaches every § 34 holder (every-holder)."
        ),
    ),
    Reading(
        key="ukraine-decisions-2025",
        question="Ukraine-rules decisions of 2025 assessed in 2026",
        options=("decision-date",),
        argument="§ 8 første ledd tredje punktum counts «når vedtak etter § 12 treffes».",
    ),
    Reading(
        key="redecided-6a",
        question="FOR-2022-06-10-995 § 1 andre ledd: decisions before kapittel 6A",
        options=("decided-2022-06-15",),
        argument="The date of the new decision is not in the table; the § 8 conditions "
        "cannot change between a permit from 2022-03-11 and 2022-06-15.",
    ),
    Reading(
        key="age-after-change",
        question="The age after a change of permit",
        options=("current-permit",),
        argument="§ 8 første ledd andre punktum: «Alderen da oppholdstillatelsen ble "
        "innvilget er avgjørende».",
    ),
    Reading(
        key="first-permit-before-2021",
        question="The first § 9 permit before 2021",
        options=("current-permit",),
        argument="§ 52: «Loven gjelder for de som får innvilget oppholdstillatelse etter "
        "lovens ikrafttredelse.»",
    ),
    Reading(
        key="presiseringer-2023",
        question="The 2023 «presiseringer»",
        options=("from-2023-08-01",),
        argument="LOV-2023-06-09-24 entered into force on 2023-08-01.",
    ),
    Reading(
        key="leap-day",
        question="29 February birthdays",
        options=("1-march",),
        argument="Whole years are counted on yyyymmdd dates.",
    ),
    Reading(
        key="two-years-start",
        question="The two years for someone who lived in the municipality before the permit",
        options=("with-permit",),
        argument="§ 8 første ledd tredje punktum: «i en kommune med en oppholdstillatelse "
        "nevnt i § 9».",
    ),
    Reading(
        key="empty-facts",
        question="Facts the table leaves empty",
        options=("undetermined",),
        argument="Never guess: a fact that decides and is empty leaves the outcome open.",
    ),
)
"""Every reading the library takes, in the order of the readings page."""

READING: Mapping[str, Reading] = {r.key: r for r in READINGS}
"""Each reading by its key."""


def chosen(readings: Mapping[str, str] | None) -> dict[str, str]:
    """Every reading's option: the caller's where given, else the default.

    Raises :class:`ValueError` naming the key or option that is not declared.
    """
    out = {r.key: r.default for r in READINGS}
    for key, option in (readings or {}).items():
        reading = READING.get(key)
        if reading is None:
            raise ValueError(
                tr("no reading {key!r}: expected one of {known}", key=key, known=", ".join(READING))
            )
        if option not in reading.options:
            raise ValueError(
                tr(
                    "reading {key!r} has no option {option!r}: expected one of {known}",
                    key=key,
                    option=option,
                    known=", ".join(reading.options),
                )
            )
        out[key] = option
    return out


def parse_reading(text: str) -> tuple[str, str]:
    """``KEY=OPTION`` (the CLI's ``--reading``) as a checked pair; :class:`ValueError` if not."""
    key, sep, option = text.partition("=")
    if not sep:
        raise ValueError(
            tr(
                "{text!r}: expected KEY=OPTION, for example section-37b-guidance=every-holder",
                text=text,
            )
        )
    chosen({key.strip(): option.strip()})
    return key.strip(), option.strip()
