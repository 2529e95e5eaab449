from datetime import date

import pytest

from integreringslov.law import Act, Provision, format_basis
from integreringslov.law._provisions import ordinal


@pytest.mark.parametrize(
    ("provision", "expected"),
    [
        (Provision("§ 8", ledd=1), "integreringsloven § 8 første ledd"),
        (Provision("8", ledd=3), "integreringsloven § 8 tredje ledd"),
        (Provision("§ 9", ledd=1, letter="f"), "integreringsloven § 9 første ledd bokstav f"),
        (Provision("§ 37 c"), "integreringsloven § 37 c"),
        (Provision("§37b", ledd=3), "integreringsloven § 37 b tredje ledd"),
        (Provision("§ 4", ledd=1, punktum=2), "integreringsloven § 4 første ledd andre punktum"),
        (Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN), "integreringsforskriften § 72"),
    ],
)
def test_provisions_print_as_norwegian_citations(provision, expected):
    assert str(provision) == expected


def test_provisions_are_values():
    assert Provision("8", ledd=1) == Provision("§ 8", ledd=1)
    assert len({Provision("§ 8", ledd=1), Provision("§ 8", ledd=1)}) == 1


def test_provision_links_to_lovdata():
    assert Provision("§ 37 c").url == "https://lovdata.no/lov/2020-11-06-127/%C2%A737c"


def test_basis_names_each_act_once_in_order():
    basis = format_basis(
        [
            Provision("§ 8", ledd=1),
            Provision("§ 9", ledd=1, letter="a"),
            Provision("§ 8", ledd=1),
            Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN),
        ]
    )
    assert basis == (
        "integreringsloven § 8 første ledd; § 9 første ledd bokstav a; integreringsforskriften § 72"
    )


def test_bad_section_and_ordinal_are_rejected():
    with pytest.raises(ValueError, match="not a section reference"):
        Provision("paragraph eight")
    with pytest.raises(ValueError, match="no citation ordinal"):
        ordinal(11)
    assert ordinal(10) == "tiende"
    assert date(2021, 1, 1)  # keep the import honest
