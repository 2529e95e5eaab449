"""``recommend`` checks municipality codes against the region registry (issue 12, item 1).

Expected codes are the municipal reforms as SSB's KLASS 131 records them: Trondheim was
1601 until 2018 and is 5001; Snillfjord (5012) was split on 2020-01-01 between Heim (5055),
Hitra (5056) and Orkland (5059); Drammen was 0602 until 2020, then 3005 (Viken), 3301
(Buskerud) from 2024; Oslo is 0301.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from integreringslov.allocation import recommend
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError

ON = date(2022, 6, 1)
IMDI = (
    Path(__file__).resolve().parents[2]
    / "src/integreringslov_importers/data/imdi/example_bosatt_anmodede.csv"
)


def _table(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"municipality": codes, "population": [100.0 * (i + 1) for i in
                                                                 range(len(codes))]})  # fmt: skip


def _problems(codes: list[str], **kw: object) -> str:
    with pytest.raises(InvalidInputError) as exc:
        recommend(10, _table(codes), criteria={"population": 1}, method="hamilton", **kw)  # type: ignore[arg-type]
    return "\n".join(str(p) for p in exc.value.problems)


def test_unknown_code_is_named():
    text = _problems(["5001", "9876"], on=ON)
    assert "row 2" in text
    assert "unknown kommunenummer 9876" in text


def test_uoppgitt_is_not_a_municipality():
    assert "9999" in _problems(["5001", "9999"], on=ON)


def test_old_code_names_what_it_became_and_can_be_mapped_forward():
    text = _problems(["1601", "5006"], on=ON)
    assert "old kommunenummer 1601" in text
    assert "5001 Trondheim" in text
    rec = recommend(10, _table(["1601", "5006"]), criteria={"population": 1},
                    method="hamilton", on=ON, map_forward=True)  # fmt: skip
    assert list(rec.numbers) == ["5001", "5006"]


def test_a_split_stays_an_error_even_when_mapping_forward():
    text = _problems(["5012", "5001"], on=ON, map_forward=True)
    assert "split" in text
    for code in ("5055", "5056", "5059"):
        assert code in text


def test_two_old_codes_merging_into_one_need_the_user():
    # 1601 and 5001 are the same municipality on 2022-06-01
    text = _problems(["5001", "1601"], on=ON, map_forward=True)
    assert "merge" in text


def test_mixed_counties_need_a_county_or_a_national_run():
    codes = ["0301", "3005", "5001"]  # Oslo, Drammen, Trondheim in 2022
    text = _problems(codes, on=ON)
    assert "3 counties" in text
    assert "--county" in text
    assert "--national" in text
    rec = recommend(10, _table(codes), criteria={"population": 1}, method="hamilton",
                    on=ON, national=True)  # fmt: skip
    assert sum(rec.numbers.values()) == 10
    text = _problems(codes, on=ON, county="50")
    assert "0301 Oslo" in text
    assert "3005 Drammen" in text
    assert "5001" not in text


def test_unknown_county_is_refused():
    assert "no county '99'" in _problems(["5001"], on=ON, county="99")


def test_codes_are_checked_on_the_date():
    # 3005 Drammen was valid 2020–2023; in 2024 Drammen is 3301
    assert "3301" in _problems(["3005"], on=date(2024, 6, 1))
    rec = recommend(5, _table(["3301"]), criteria={"population": 1}, method="hamilton",
                    on=date(2024, 6, 1), county="33")  # fmt: skip
    assert rec.numbers == {"3301": 5}
    assert rec.county == "33"


def test_without_a_date_old_codes_are_refused_and_cannot_be_mapped():
    assert "old kommunenummer 1601" in _problems(["1601"])
    assert "date" in _problems(["1601"], map_forward=True)


def test_requests_are_checked_too():
    with pytest.raises(InvalidInputError, match="9876"):
        recommend(10, _table(["5001", "5006"]), criteria={"population": 1},
                  method="hamilton", on=ON, requested={"5001": 5, "9876": 5})  # fmt: skip
    rec = recommend(10, _table(["5001", "5006"]), criteria={"population": 1},
                    method="hamilton", on=ON, requested={"1601": 5, "5006": 5},
                    map_forward=True)  # fmt: skip
    assert rec.rows[0].requested == 5


def test_cli_refuses_the_issue_table_and_maps_forward(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text(
        "Kommunenummer;Kommune;Innbyggere\n9876;Tullekommune;100\n1601;Trondheim;200\n"
        "5012;Snillfjord;10\n0301;Oslo;700\n3005;Drammen;100\n",
        encoding="utf-8",
    )
    assert main(["recommend", str(path), "--total", "10", "--on", "01.06.2022"]) == 1
    err = capsys.readouterr().err
    for needle in ("9876", "1601", "5001", "5012", "5055", "counties", "Traceback"):
        assert (needle in err) is (needle != "Traceback"), needle
    ok = tmp_path / "ok.csv"
    ok.write_text("Kommunenummer;Innbyggere\n1601;200\n5006;100\n", encoding="utf-8")
    args = ["recommend", str(ok), "--total", "10", "--on", "2022-06-01"]
    assert main(args) == 1
    assert "--map-old-codes" in capsys.readouterr().err
    assert main([*args, "--map-old-codes"]) == 0
    assert "5001" in capsys.readouterr().out


def test_cli_an_imdi_table_gives_one_message(capsys):
    assert main(["recommend", str(IMDI), "--total", "10"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) <= 3
    assert "IMDi" in err
    assert "--requests" in err


def test_the_date_and_county_are_recorded_and_reproduced():
    import json

    from integreringslov.allocation import Recommendation

    rec = recommend(10, _table(["5001", "5006"]), criteria={"population": 1},
                    method="sainte-lague", on=ON, county="50")  # fmt: skip
    back = Recommendation.from_dict(json.loads(json.dumps(rec.to_dict())))
    assert back == rec
    assert back.on == ON
    assert back.county == "50"
    assert rec.reproduce() == rec
