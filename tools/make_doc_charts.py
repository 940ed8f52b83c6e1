"""Draw the charts of docs/charts.md as PNG files, from the shipped examples.

The pages show the charts as pictures (the docs build does not draw them);
this script draws them again after a change to the charts or the examples:

- ``scope``, ``category``, ``gas``: Eksempel AS's 2024 account
  (``examples/eksempel-as/2024``);
- ``trend``, ``waterfall``: Nordlys Logistikk AS's years 2019 to 2022 and
  its plan (``examples/nordlys-as``);
- ``network-scopes``, ``network-members``: the example network's 2024
  (``examples/network``).

The PNGs are 792 pixels wide (7.2 inches at 110 dpi), in a palette of 96
colours (10 to 20 kB each), without the date or matplotlib's version in
them, so that drawing them again changes nothing unless a chart changed.

Usage: python tools/make_doc_charts.py [OUT_DIRECTORY [LANGUAGE]]
       (default docs/_static/charts and en; run from the repository's root)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DPI = 110


def account_summary() -> dict[str, Any]:
    """Eksempel AS's 2024 summary, with its uncertainty (IPCC approach 1)."""
    from ghgcore import calculate_inventory
    from ghgcore.uncertainty import result_intervals, summarise

    inventory = calculate_inventory(sorted((ROOT / "examples/eksempel-as/2024").iterdir()))
    summary = inventory.summary()
    if "uncertainty" not in summary:  # summaries before the uncertainty section
        summary["uncertainty"] = summarise(result_intervals(inventory.result))
    return summary


def nordlys_progress(folder: Path) -> dict[str, Any]:
    """Nordlys Logistikk AS's progress over 2019-2022, as docs/yearly.md calculates it."""
    from ghgcore import calculate_inventory
    from ghgcore.plan import Plan
    from ghgcore.progress import progress
    from ghgcore.store import AccountStore

    example = ROOT / "examples/nordlys-as"
    store = AccountStore(folder / "nordlys")
    for year in (2019, 2020, 2021, 2022):
        files = sorted((example / str(year)).iterdir())
        inventory = calculate_inventory(
            files, organisation="Nordlys Logistikk AS", fallback="year" if year < 2021 else None
        )
        store.save(inventory, inputs=files)
    store.save_plan("Nordlys Logistikk AS", Plan.from_file(example / "plan.toml"))
    return progress(store, "Nordlys Logistikk AS")


def network(folder: Path) -> dict[str, Any]:
    """The example network's 2024 report, as docs/network.md calculates it."""
    from ghgcore.batch import calculate_accounts, read_jobs
    from ghgcore.network import network_report
    from ghgcore.store import AccountStore

    store = AccountStore(folder / "network")
    calculate_accounts(read_jobs(ROOT / "examples/network/jobs.csv"), store)
    return network_report(store, 2024)


def main(argv: list[str]) -> int:
    from ghgcore.views import charts

    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs/_static/charts"
    language = argv[2] if len(argv) > 2 else "en"
    out.mkdir(parents=True, exist_ok=True)
    summary = account_summary()
    with tempfile.TemporaryDirectory() as tmp:
        years = nordlys_progress(Path(tmp))
        report = network(Path(tmp))
    figures = {
        "scope": charts.scope_chart(summary, language=language),
        "category": charts.category_chart(summary, language=language),
        "gas": charts.gas_chart(summary, language=language),
        "trend": charts.trend_chart(years, language=language),
        "waterfall": charts.waterfall_chart(years, language=language),
        "network-scopes": charts.scopes_chart(report, language=language),
        "network-members": charts.members_chart(report, language=language),
    }
    for name, figure in figures.items():
        path = out / f"{name}.png"
        save(figure, path)
        print(path)
    return 0


def save(figure: Any, path: Path) -> None:
    """`figure` as a small PNG: drawn at :data:`DPI`, then reduced to a palette of 96 colours.

    Charts have few colours (the palette and the anti-aliased edges between
    them), so the palette loses nothing one can see and the file is a third
    of the size.
    """
    import io

    from PIL import Image

    from ghgcore.views.charts import chart_style

    buffer = io.BytesIO()
    with chart_style():
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    buffer.seek(0)
    with Image.open(buffer) as image:
        reduced = image.convert("RGB").quantize(
            colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    reduced.save(path, format="PNG", optimize=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
