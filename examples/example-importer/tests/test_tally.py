from pathlib import Path

import integreringslov_tally

from integreringslov.plugins import Plugins, get_plugin_manager


def test_reads_the_example(tmp_path: Path) -> None:
    plugins = Plugins(get_plugin_manager(autoload=False, plugins=[integreringslov_tally]))
    imported = plugins.read(integreringslov_tally.EXAMPLE)
    assert imported.report.ok
    assert imported.table["persons"].tolist() == [120, 14, 3]
