"""The plugin host: wiring, entry points, declaration, detection, reading, validation."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

import integreringslov as il
from integreringslov.errors import IntegreringslovError, PluginError, SourceError
from integreringslov.plugins import (
    Detection,
    Plugins,
    RegisterImporter,
    get_plugin_manager,
    hookimpl,
)
from integreringslov.plugins._manager import explaining
from integreringslov.tables import Table

BUILTIN_SSB = "integreringslov_importers.ssb"


class CountTable(Table):
    """A test table."""

    code: Series[str] = pa.Field(str_matches=r"^\d{4}$", title="Code", description="A code.")
    n: Series[int] = pa.Field(ge=0, title="N", description="A count.")


def make_plugin(
    name: str,
    *,
    suffix: str = ".cnt",
    confidence: float | None = 0.8,
    frame: Callable[[Path, Mapping[str, Any]], Any] | None = None,
) -> type:
    """A plugin class (registered as a class: its static functions are the hooks)."""

    class Plugin:
        seen_options: Mapping[str, Any] = {}

        @staticmethod
        @hookimpl
        def register_importers(register: RegisterImporter) -> None:
            register(
                name=name,
                title=f"{name} files",
                publisher="Tests",
                table=CountTable,
                patterns=(f"*{suffix}",),
            )

        @staticmethod
        @hookimpl
        def detect_source(source: Path) -> Detection | None:
            if confidence is not None and source.suffix == suffix:
                return Detection(importer=name, confidence=confidence, reason=f"{suffix} file")
            return None

        @staticmethod
        @hookimpl
        def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> Any:
            if importer != name:
                return None
            Plugin.seen_options = dict(options)
            if frame is not None:
                return frame(source, options)
            return pd.DataFrame({"code": ["5001"], "n": [3]}, index=[1])

    Plugin.__name__ = f"Plugin_{name}"
    return Plugin


@pytest.fixture
def cnt_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.cnt"
    path.write_text("5001 3\n", encoding="utf-8")
    return path


# -- wiring --------------------------------------------------------------------------------


def test_builtins_are_registered_without_autoload() -> None:
    plugins = Plugins(get_plugin_manager(autoload=False))
    names = {i.name: i for i in plugins.importers()}
    assert {"ssb-jsonstat", "ssb-csv"} <= set(names)
    info = names["ssb-jsonstat"]
    assert info.plugin == BUILTIN_SSB
    assert info.distribution is not None
    assert info.distribution.startswith("integreringslov ")
    assert info.publisher == "Statistics Norway (SSB)"
    assert info.patterns == ("*.json",)


def test_entry_point_plugins_are_discovered(fake_distributions: Callable[..., None]) -> None:
    fake_distributions(("il-count", "1.2.3", {"count": make_plugin("count")}))
    plugins = Plugins(get_plugin_manager())
    info = plugins.importer("count")
    assert info.plugin == "count"
    assert info.distribution == "il-count 1.2.3"
    assert info.table is CountTable
    assert "ssb-jsonstat" in {i.name for i in plugins.importers()}


def test_autoload_can_be_turned_off_by_environment(
    fake_distributions: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_distributions(("il-count", "1.0", {"count": make_plugin("count")}))
    monkeypatch.setenv("INTEGRERINGSLOV_DISABLE_PLUGIN_AUTOLOAD", "1")
    names = {i.name for i in Plugins(get_plugin_manager()).importers()}
    assert "count" not in names
    assert {"ssb-jsonstat", "ssb-csv"} <= names  # built-ins never depend on autoload


def test_plugins_can_be_blocked_by_environment(
    fake_distributions: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_distributions(
        ("il-count", "1.0", {"count": make_plugin("count"), "other": make_plugin("other")})
    )
    monkeypatch.setenv("INTEGRERINGSLOV_BLOCKED_PLUGINS", f"count, {BUILTIN_SSB}")
    names = {i.name for i in Plugins(get_plugin_manager()).importers()}
    assert "count" not in names
    assert "other" in names
    assert "ssb-jsonstat" not in names


def test_a_misspelt_hook_fails_at_load(fake_distributions: Callable[..., None]) -> None:
    class Misspelt:
        @staticmethod
        @hookimpl
        def detect_sources(source: Path) -> None:  # not a hook
            return None

    fake_distributions(("il-bad", "0.1", {"misspelt": Misspelt}))
    with pytest.raises(PluginError, match="misspelt"):
        get_plugin_manager()


def test_duplicate_importer_names_name_both_plugins(
    fake_distributions: Callable[..., None],
) -> None:
    fake_distributions(
        ("il-a", "1.0", {"first": make_plugin("count")}),
        ("il-b", "1.0", {"second": make_plugin("count")}),
    )
    plugins = Plugins(get_plugin_manager())
    with pytest.raises(PluginError) as info:
        plugins.importers()
    message = str(info.value)
    assert "'first'" in message
    assert "'second'" in message
    assert "'count'" in message


def test_a_bad_declaration_is_refused() -> None:
    class Bad:
        @staticmethod
        @hookimpl
        def register_importers(register: RegisterImporter) -> None:
            register(name="has space", title="", publisher="x", table=dict)  # type: ignore[arg-type]

    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[Bad]))
    with pytest.raises(PluginError, match="has space"):
        plugins.importers()


# -- detection -----------------------------------------------------------------------------


def test_detection_picks_the_most_confident(cnt_file: Path) -> None:
    low, high = make_plugin("low", confidence=0.3), make_plugin("high", confidence=0.7)
    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[low, high]))
    assert plugins.detect(cnt_file).name == "high"
    claims = [d.importer for d in plugins.detections(cnt_file) if d.confidence > 0]
    assert claims == ["high", "low"]


def test_a_detection_tie_is_an_error_naming_the_candidates(cnt_file: Path) -> None:
    a, b = make_plugin("alpha", confidence=0.5), make_plugin("beta", confidence=0.5)
    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[a, b]))
    with pytest.raises(PluginError) as info:
        plugins.read(cnt_file)
    assert "'alpha'" in str(info.value)
    assert "'beta'" in str(info.value)
    # Naming the importer resolves the tie.
    assert plugins.read(cnt_file, importer="beta").importer.name == "beta"


def test_an_unrecognised_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "unknown.xyz"
    path.write_text("hello", encoding="utf-8")
    plugins = Plugins(get_plugin_manager(autoload=False))
    with pytest.raises(SourceError, match="no installed importer recognises"):
        plugins.read(path)


def test_detection_confidence_is_bounded() -> None:
    with pytest.raises(ValueError, match="confidence"):
        Detection(importer="x", confidence=1.5)


# -- reading and validation ----------------------------------------------------------------


def test_read_validates_lazily_and_reports_every_problem(cnt_file: Path) -> None:
    def bad(source: Path, options: Mapping[str, Any]) -> pd.DataFrame:
        return pd.DataFrame(
            {"code": ["5001", "50x1", "5006", "5007"], "n": [3, 4, -1, 2]}, index=[2, 3, 4, 5]
        )

    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[make_plugin("count", frame=bad)]))
    imported = plugins.read(cnt_file)
    report = imported.report
    assert not report.ok
    assert report.rows == 4
    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "code", "50x1"),
        (4, "n", "-1"),
    ]
    assert imported.table.index.tolist() == [2, 5]  # the valid rows only
    assert imported.table["n"].tolist() == [3, 2]
    as_json = json.loads(report.to_json())
    assert as_json["ok"] is False
    assert {(p["row"], p["column"], p["value"]) for p in as_json["problems"]} == {
        (3, "code", "50x1"),
        (4, "n", "-1"),
    }
    assert all(p["check"] and p["message"] for p in as_json["problems"])
    text = report.to_text()
    assert "row 3" in text
    assert "'code'" in text
    assert str(cnt_file) in text


def test_a_missing_column_is_reported(cnt_file: Path) -> None:
    def missing(source: Path, options: Mapping[str, Any]) -> pd.DataFrame:
        return pd.DataFrame({"code": ["5001"]}, index=[1])

    plugins = Plugins(
        get_plugin_manager(autoload=False, plugins=[make_plugin("count", frame=missing)])
    )
    imported = plugins.read(cnt_file)
    assert not imported.report.ok
    assert imported.report.problems[0].column == "n"
    assert imported.table.empty


@pytest.mark.parametrize(
    ("result", "match"),
    [
        (lambda s, o: [1, 2, 3], "not a pandas DataFrame"),
        (lambda s, o: {}["boom"], "failed on"),
    ],
)
def test_a_misbehaving_plugin_is_a_plugin_error(cnt_file: Path, result: Any, match: str) -> None:
    plugins = Plugins(
        get_plugin_manager(autoload=False, plugins=[make_plugin("count", frame=result)])
    )
    with pytest.raises(PluginError, match=match):
        plugins.read(cnt_file)


def test_options_and_mapping_reach_the_importer(cnt_file: Path) -> None:
    plugin = make_plugin("count")
    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[plugin]))
    plugins.read(cnt_file, mapping={"person_id": "Løpenr"}, sheet="Ark1")
    assert plugin.seen_options == {"mapping": {"person_id": "Løpenr"}, "sheet": "Ark1"}


def test_unknown_importer_and_missing_file(cnt_file: Path, tmp_path: Path) -> None:
    plugins = Plugins(get_plugin_manager(autoload=False))
    with pytest.raises(PluginError, match="no importer called 'nope'"):
        plugins.read(cnt_file, importer="nope")
    with pytest.raises(SourceError, match="does not exist"):
        plugins.read(tmp_path / "absent.json")
    with pytest.raises(SourceError, match="directory"):
        plugins.read(tmp_path)


def test_top_level_api_uses_the_default_plugins(
    fake_distributions: Callable[..., None], cnt_file: Path
) -> None:
    fake_distributions(("il-count", "1.0", {"count": make_plugin("count")}))
    assert "count" in {i.name for i in il.importers()}
    imported = il.read(cnt_file)
    assert isinstance(imported, il.Imported)
    assert isinstance(imported.importer, il.ImporterInfo)
    assert imported.report.ok
    assert imported.table["n"].tolist() == [3]


def test_library_errors_share_the_base_class() -> None:
    assert issubclass(PluginError, IntegreringslovError)
    assert il.hookimpl is hookimpl


# -- detection that explains itself --------------------------------------------------------


class Decliner:
    """A plugin that declines every file and says why."""

    @staticmethod
    @hookimpl
    def register_importers(register: Any) -> None:
        register(name="decliner", title="Decliner", publisher="Tests", table=CountTable)

    @staticmethod
    @hookimpl
    def detect_source(source: Path) -> Detection | None:
        return Detection(importer="decliner", confidence=0.0, reason="no 'KODE;N' header")


def _plugins(*plugins: object) -> Plugins:
    return Plugins(get_plugin_manager(autoload=False, plugins=plugins))


def test_no_claim_names_every_plugin_and_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        _plugins(Decliner, make_plugin("counts")).read(path)
    message = str(info.value)
    assert "no installed importer recognises this file" in message
    assert "(decliner) declined: no 'KODE;N' header" in message
    # a plugin that returns None for a file it does not read is named with the files it reads
    assert "(counts) does not read this kind of file (it reads files like *.cnt)" in message
    # the built-ins are tried too, each named
    for plugin in ("ssb", "imdi", "spreadsheet", "written"):
        assert f"'integreringslov_importers.{plugin}'" in message


def test_a_plugin_silent_about_a_file_of_its_own_kind_is_said_to_give_no_reason(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data.cnt"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        _plugins(make_plugin("counts", confidence=None)).read(path)
    assert "(counts) declined without a reason (it reads files like *.cnt)" in str(info.value)


def test_a_detected_importer_that_fails_says_how_it_was_chosen(tmp_path: Path) -> None:
    def unreadable(source: Path, options: Mapping[str, Any]) -> Any:
        raise SourceError(str(source), "no header row found")

    path = tmp_path / "data.cnt"
    path.write_text("?\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        _plugins(make_plugin("counts", confidence=0.4, frame=unreadable)).read(path)
    first, second = info.value.problems
    assert first.message == "no header row found"
    assert "read with importer 'counts', chosen by detection" in second.message
    # issue 22: the account of every plugin only when asked (--explain)
    assert "claimed it as" not in second.message
    assert "--explain" in second.message
    with explaining(), pytest.raises(SourceError) as explained:
        _plugins(make_plugin("counts", confidence=0.4, frame=unreadable)).read(path)
    account = explained.value.problems[1].message
    assert "claimed it as 'counts' with confidence 0.4 (.cnt file)" in account
    # naming the importer leaves the error as the importer gave it
    with pytest.raises(SourceError) as named:
        _plugins(make_plugin("counts", frame=unreadable)).read(path, importer="counts")
    assert len(named.value.problems) == 1


def test_detection_speaks_bokmal_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        _plugins(Decliner, make_plugin("counts")).read(path, lang="nb")
    said = info.value.text("nb")
    assert said.startswith(f"{path}: 1 problem\n")
    assert "ingen installert importør kjenner igjen filen; prøvd:" in said
    # the host's words are bokmål; a plugin's own reason is quoted as the plugin wrote it
    assert "(decliner) avslo: no 'KODE;N' header" in said
    assert "(counts) leser ikke denne typen fil (den leser filer som *.cnt)" in said
    assert "velg en med importer=... (--importer på kommandolinjen)" in said
    assert "declined" not in said


def test_a_failed_detected_read_says_how_it_was_chosen_in_bokmal(tmp_path: Path) -> None:
    def unreadable(source: Path, options: Mapping[str, Any]) -> Any:
        raise SourceError(str(source), "no header row found")

    path = tmp_path / "data.cnt"
    path.write_text("?\n", encoding="utf-8")
    with explaining(), pytest.raises(SourceError) as info:
        _plugins(make_plugin("counts", confidence=0.4, frame=unreadable)).read(path, lang="nb")
    said = info.value.text("nb")
    assert said.startswith(f"{path}: 2 problemer\n")
    assert "filen ble lest med importøren 'counts', valgt ved gjenkjenning" in said
    assert "kjente den igjen som 'counts' med sikkerhet 0,4 (.cnt file)" in said
    assert "(ventet en annen importør, valgt med importer=... (--importer))" in said


def test_a_close_choice_is_reported_in_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "data.cnt"
    path.write_text("5001 3\n", encoding="utf-8")
    close = _plugins(make_plugin("high", confidence=0.7), make_plugin("low", confidence=0.5))
    imported = close.read(path)
    assert imported.report.ok
    (note,) = imported.report.notes
    assert note.startswith("detection chose 'high'")
    assert "over 'low' (plugin" in note
    assert "confidence 0.5" in note
    clear = _plugins(make_plugin("high", confidence=0.9), make_plugin("low", confidence=0.2))
    assert clear.read(path).report.notes == ()


# -- messages in the file's words ----------------------------------------------------------


class MonthTable(Table):
    """A test table of monthly counts."""

    month: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}$", title="Month", description="The month."
    )
    persons: Series[int] = pa.Field(ge=0, title="Persons", description="A count.")
    kind: Series[str] = pa.Field(isin=["a", "b"], title="Kind", description="A kind.")


class Monthly:
    """A plugin whose file says «måned», «personer» and «type» (issue 12's example)."""

    @staticmethod
    @hookimpl
    def register_importers(register: RegisterImporter) -> None:
        register(name="monthly", title="Monthly", publisher="Tests", table=MonthTable)

    @staticmethod
    @hookimpl
    def read_source(source: Path, importer: str) -> Any:
        from integreringslov.plugins import SourceTable

        if importer != "monthly":
            return None
        frame = pd.DataFrame(
            {
                "month": ["2024-01", "jan 2024", "2024-03"],
                "persons": ["3", "-1", "x"],
                "kind": ["a", "c", "b"],
            },
            index=[2, 3, 4],  # the lines of the file
        )
        headers = {"month": "måned", "persons": "personer", "kind": "type"}
        return SourceTable(table=frame, headers=headers, sheet="Ark1")


def test_problems_name_the_files_headers_in_plain_words(cnt_file: Path) -> None:
    report = _plugins(Monthly).read(cnt_file, importer="monthly").report
    seen = {(p.row, p.column): p for p in report.problems}
    # every failing cell of row 3 is reported, not only the first
    assert sorted(seen) == [(3, "måned"), (3, "personer"), (3, "type"), (4, "personer")]
    assert all(p.sheet == "Ark1" for p in report.problems)
    month = seen[(3, "måned")]
    assert month.value == "jan 2024"
    assert month.expected == "a month written YYYY-MM"
    assert month.check == "str_matches('^\\d{4}-\\d{2}$')"  # for machines, not people
    assert seen[(3, "personer")].expected == "a number of at least 0"
    assert seen[(3, "type")].expected == "one of: a, b"
    assert seen[(4, "personer")].message == "the value cannot be read"
    assert seen[(4, "personer")].expected == "a whole number"
    text = report.to_text()
    assert "str_matches" not in text
    assert "isin" not in text
    assert "greater_than" not in text


def test_problems_in_bokmal(cnt_file: Path) -> None:
    report = _plugins(Monthly).read(cnt_file, importer="monthly", lang="nb").report
    text = report.to_text("nb")
    assert "rad 3, kolonne 'måned': ugyldig verdi (fant 'jan 2024'; ventet en måned" in text
    assert "ventet én av: a, b" in text
    assert "ventet et tall på minst 0" in text
    assert "verdien kan ikke leses (fant 'x'; ventet et heltall)" in text
    assert text.splitlines()[0].endswith("3 rader, 4 problemer:")


def test_a_table_of_another_kind_gets_one_message(tmp_path: Path) -> None:
    # an IMDi settlement table fed where municipality criteria are expected (issue 12)
    from integreringslov.tables import validate
    from integreringslov.tables.municipalities import MunicipalityCriteria

    imdi = pd.DataFrame(
        {
            "year": [2022, 2022, 2022, 2022],
            "municipality": ["5001", "5001", "5006", "5006"],
            "population": ["all"] * 4,
            "measure": ["requested", "settled", "requested", "settled"],
            "persons": [740, 700, 20, 18],
            "status": [""] * 4,
        },
        index=[2, 3, 4, 5],
    )
    _, report = validate(MunicipalityCriteria, imdi, source="bosatt.csv")
    first, *rest = report.problems
    assert first.check == "table_kind"
    assert first.message.startswith("this is not a MunicipalityCriteria (")
    assert "it looks like a SettlementStatistics" in first.message
    # no problem is repeated row by row
    assert all(p.row is None for p in rest)
    assert len(rest) <= 4


# -- reading a DataFrame (issue 15 item 8) -------------------------------------------------


def test_a_dataframe_is_validated_as_the_named_importers_table() -> None:
    plugins = _plugins(make_plugin("counts"))
    frame = pd.DataFrame({"code": ["5001", "50x1"], "n": [3, 4]}, index=[1, 2])
    imported = plugins.read(frame, importer="counts")
    assert imported.table["code"].tolist() == ["5001"]
    assert [(p.row, p.column) for p in imported.report.problems] == [(2, "code")]
    assert imported.report.source == "the DataFrame"
    # without importer=, the one importer whose table the columns fit
    assert plugins.read(frame).importer.name == "counts"
    with pytest.raises(il.InvalidInputError, match="fit no importer"):
        plugins.read(frame.rename(columns={"n": "count"}))


@pytest.mark.parametrize(
    ("frame", "check", "rows_left"),
    [
        (pd.DataFrame([["5001", 1, 2]], columns=["code", "n", "n"]), "unique_column_labels", 0),
        (
            pd.DataFrame({"code": ["5001", ["5006"]], "n": [1, 2]}, dtype=object),
            "scalar_cells",
            1,
        ),
        (pd.DataFrame({"code": ["5001", {"a": 1}], "n": [1, 2]}), "scalar_cells", 1),
        (
            pd.DataFrame(
                {"code": ["5001"], "n": [1], "day": pd.to_datetime(["2024-01-01"], utc=True)}
            ),
            "timezone_naive",
            0,
        ),
        (
            pd.DataFrame(
                {"code": ["5001", pd.Timestamp("2024-01-01", tz="Europe/Oslo")], "n": [1, 2]}
            ),
            "timezone_naive",
            1,
        ),
    ],
)
def test_a_dataframe_that_validation_cannot_read_gets_a_report(
    frame: pd.DataFrame, check: str, rows_left: int
) -> None:
    imported = _plugins(make_plugin("counts")).read(frame, importer="counts")
    assert not imported.report.ok
    assert check in [p.check for p in imported.report.problems]
    assert len(imported.table) == rows_left
    assert imported.report.rows == len(frame)
    odd = next(p for p in imported.report.problems if p.check == check)
    assert "Traceback" not in str(odd)
    if rows_left:
        assert odd.row == 1  # the frame's own label
        assert odd.column == "code"


def test_the_spreadsheet_importer_hands_its_headers_to_validation(tmp_path: Path) -> None:
    path = tmp_path / "deltakere.csv"
    path.write_text(
        "Løpenr;Fødselsdato;Tillatelse;Tillatelse gitt;Bosatt;Bosatt etter avtale;"
        "Nordisk/EØS;Timer per uke\n"
        "P1;01.02.1990;a;01.03.2024;01.04.2024;ja;nei;200\n"
        "P2;01.02.1990;a;01.03.2024;01.04.2024;ja;nei;10\n",
        encoding="utf-8",
    )
    report = il.read(path, lang="nb").report
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "Timer per uke")
    assert problem.expected == "et tall på høyst 168"  # the schema's le=168, in words
    assert report.to_text("nb").splitlines()[0].endswith("2 rader, 1 problem:")


def test_the_built_in_importers_answer_in_bokmal(tmp_path: Path) -> None:
    """Not only the host: the built-in importers' reasons and messages follow ``lang``."""
    path = tmp_path / "notat.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with explaining(), pytest.raises(SourceError) as info:
        _plugins().read(path, lang="nb")
    said = info.value.text("nb")
    assert "fant ingen overskriftsrad: ingen av de første 30 radene" in said
    assert "avslo: den første linjen er ikke en IMDi-overskrift" in said
    assert "avslo: filen navngir ikke en tabell skrevet av integreringslov" in said
    assert "(CSV-fil)" in said
    assert "no header row found" not in said
