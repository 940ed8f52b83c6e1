"""The docs' notebook (docs/notebook.ipynb) runs, and shows what the library gives for the same files."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

import pytest

from ghgcore import calculate_inventory

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
traitlets_config = pytest.importorskip("traitlets.config")

DOCS = Path(__file__).parent.parent / "docs"
NOTEBOOK = DOCS / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook, run from the docs folder in a fresh kernel (IPC transport: sockets in a folder, no TCP)."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    sockets = tmp_path_factory.mktemp("kernel") / "kernel"
    config = traitlets_config.Config({"KernelManager": {"transport": "ipc", "ip": str(sockets)}})
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        config=config,
        timeout=600,
        resources={"metadata": {"path": str(DOCS)}},
    )
    client.execute()
    return notebook


@pytest.fixture(scope="module")
def inventory() -> Any:
    """The same account, calculated here from the same (relative) paths."""
    before = os.getcwd()
    os.chdir(DOCS)
    try:
        return calculate_inventory(sorted(Path("../examples/eksempel-as/2024").iterdir()))
    finally:
        os.chdir(before)


def _outputs(notebook: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every output of every code cell: (cell source, output)."""
    return [
        (cell.source, output)
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


def _cell(notebook: Any, start: str) -> Any:
    """The one code cell whose source is `start`, or else begins with it."""
    code = [c for c in notebook.cells if c.cell_type == "code"]
    (cell,) = [c for c in code if c.source == start] or [c for c in code if c.source.startswith(start)]
    return cell


def _plain(cell: Any) -> str:
    (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
    return str(result.data["text/plain"])


def _html(cell: Any) -> str:
    (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
    return str(result.data["text/html"])


def test_no_cell_fails_or_writes_to_stderr(executed: Any) -> None:
    """Every cell ran: no error output and nothing on standard error (warnings included)."""
    assert [] == [o for _, o in _outputs(executed) if o.output_type == "error"]
    assert [] == [o for _, o in _outputs(executed) if o.output_type == "stream" and o.name == "stderr"]


def test_the_account_is_the_librarys(executed: Any, inventory: Any) -> None:
    """The organisation, year and total the notebook shows are those of the account calculated here."""
    shown = ast.literal_eval(_plain(_cell(executed, "inventory = ghgcore.calculate_inventory")))
    expected = (inventory.organisation, inventory.year, round(inventory.summary()["total_kg_co2e"] / 1000, 1))
    assert expected == shown
    assert ("Eksempel AS", 2024) == shown[:2]


def test_html_view_is_shown(executed: Any, inventory: Any) -> None:
    """The inventory's complete HTML view is the output of the cell that names it."""
    html = _html(_cell(executed, "inventory"))
    assert inventory.to_html() == html
    for category in ("Purchased goods and services", "Business travel"):
        assert category in html


def test_frames_sum_to_the_summary(executed: Any, inventory: Any) -> None:
    """The market-based frame's sums per scope, as shown, are the summary's scopes in tonnes."""
    text = _plain(_cell(executed, "market = frame[frame.basis"))
    shown = {int(m[1]): float(m[2]) for m in re.finditer(r"^(\d)\s+([\d.]+)$", text, flags=re.MULTILINE)}
    scopes = inventory.summary()["scopes"]
    expected = {1: scopes["1"], 2: scopes["2_market"], 3: scopes["3"]}
    assert {k: round(v / 1000, 3) for k, v in expected.items()} == shown


def test_charts_are_images(executed: Any) -> None:
    """At least four charts are drawn as PNG images (scopes, categories, gases, the trend, the waterfall)."""
    images = [o for _, o in _outputs(executed) if "image/png" in o.get("data", {})]
    assert len(images) >= 5
    sources = [s for s, o in _outputs(executed) if "image/png" in o.get("data", {})]
    for chart in ("scope_chart", "category_chart", "gas_chart", "trend_chart", "waterfall_chart"):
        assert any(chart in s for s in sources), chart


def test_uncertainty_interval_is_the_librarys(executed: Any, inventory: Any) -> None:
    """The intervals shown are approach 1's and the seeded Monte Carlo's of the same account."""
    shown = ast.literal_eval(_plain(_cell(executed, "approach1 = inventory.intervals()")))
    one = inventory.intervals()["total"]
    mc = inventory.intervals(method="monte-carlo", samples=10_000, seed=1)["total"]
    expected = [
        (i.method, round(i.low / 1000, 1), round(i.value / 1000, 1), round(i.high / 1000, 1))
        for i in (one, mc)
    ]
    assert expected == shown
    assert shown[0][1] < shown[0][2] < shown[0][3]


def test_esrs_datapoints_shown(executed: Any, inventory: Any) -> None:
    """The ESRS E1-6 table shows the element names and the scopes in tonnes."""
    html = _html(_cell(executed, "import pandas as pd"))  # the E1-6 table
    scopes = inventory.summary()["scopes"]
    assert "esrs:GrossScope1GreenhouseGasEmissions" in html
    assert "esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue" in html
    assert f"{scopes['1'] / 1000:.6f}" in html
