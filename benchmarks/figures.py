"""Turn the collected timings into the issue's figures, each with its target."""

from __future__ import annotations

from benchmarks.measure import median
from benchmarks.report import Figure, timed_figure


def cluster_figures(size: int, found: dict) -> list[Figure]:
    """The window figures of one cluster."""
    n = f"{size:,}"
    bulk = found["bulk_rows"]
    paint = f"repainting the table alone takes {median(found['paint_table']) * 1000:.1f} ms" if "paint_table" in found else ""
    figures = [
        timed_figure(f"open the {n}-paper cluster: loaded + window painted", found["open"], found["open_raw"], "<= 1.5x", 1.5,
                     "sqlite3 query, authors joined",
                     note=f"of which the store's load_cluster (worker thread): {median(found['open_store_load']) * 1000:.0f} ms"),
        timed_figure(f"filter keystroke, {n} papers, view painted", found["filter_key"], found["filter_raw"], "<= 3x and < 16 ms",
                     3.0, "Python substring scan", max_value=0.016, note=paint),
        timed_figure(f"first filter keystroke after opening, {n} papers", found["first_filter_key"], found["first_filter_raw"],
                     "<= 3x and < 16 ms", 3.0, "Python substring scan", max_value=0.016,
                     note="the first keystroke after the cluster is loaded: \"q\", which changes the rows shown; "
                          "painted with the top of the result, the rest scanned between events (next figure)"),
        timed_figure(f"first filter keystroke, every row found, {n} papers", found["first_filter_whole"], found["first_filter_raw"],
                     "(no target)", None, "Python substring scan",
                     note="from the key until the scan's last slice between events has added its rows"),
        timed_figure(f"decision (key N), committed, window updated and painted, {n}", found["decision"], found["decision_raw"],
                     "<= 2x", 2.0, "sqlite3 INSERT + COMMIT, WAL, synchronous=FULL",
                     note="the key, then the event loop until idle: what changed is repainted (rows, paper shown, people, counts)"),
        timed_figure(f"the same decision in a bare PySide6 window, {n}", found["bare_decision"], found["bare_decision_raw"],
                     "(no target: the floor under the decision's)", None, "sqlite3 INSERT + COMMIT, WAL, synchronous=FULL",
                     note="a QTableView over plain lists of the same rows and a label of the current title; key N: the same "
                          "INSERT + COMMIT, the row marked, the cursor and label moved down; timed as the decision above. "
                          f"Without the commit: {_ms_and_ratio(found, 'bare_paint')}"),
        timed_figure(f"bulk decision on {bulk:,} selected rows, window updated and painted, {n}", found["bulk"], found["bulk_raw"],
                     "<= 3x", 3.0, f"one executemany of {bulk:,} rows + COMMIT"),
        timed_figure(f"sort by year, {n} papers, repainted", found["sort"], found["sort_raw"], "<= 3x", 3.0,
                     "Python sorted() of the same keys"),
        Figure(f"memory with the {n}-paper cluster open (RSS)", _held_open(found), None, "< 500 MB RSS", None, 500, "MB",
               note=f"opened once, search text built: {found['rss_open_mb']:.0f} MB; with the filter's word index "
                    f"{_indexed(found)}; after {len(found['open'])} opens {found['rss_reopened_mb']:.0f} MB, "
                    f"peak {found['peak_rss_mb']:.0f} MB; the window before any cluster {found['rss_window_mb']:.0f} MB; "
                    "suggestion analysis off"),
    ]
    if "analysis" in found:
        figures.append(Figure(f"suggestion analysis of the {n}-paper cluster (worker thread)",
                              found["analysis"][0], None, "(no target)", unit="s",
                              note=f"peak RSS grows {found['analysis_rss_growth_mb']:.0f} MB while it runs; switched off for the figures above"))
        if found.get("repaint_suggesting"):
            figures.append(timed_figure(f"papers table repaint while that analysis runs, {n}", found["repaint_suggesting"],
                                        found["repaint_idle"], "(no target)", None, "the same repaint with nothing running",
                                        note="the analysis thread and the GUI thread share the interpreter"))
    return figures


def _ms_and_ratio(found: dict, key: str) -> str:
    value, baseline = median(found[key]), median(found[f"{key}_raw"])
    return f"{value * 1000:.2f} ms, {value / baseline:.1f}x the INSERT + COMMIT beside it"


# "Flat memory": RSS at three quarters of the import within this much of RSS at one quarter.
FLAT = 1.25


def _held_open(found: dict) -> float:
    """RSS with the cluster open: the larger of right after opening and once the filter's word index is built."""
    return max(found["rss_open_mb"], found.get("rss_indexed_mb", 0.0))


def _indexed(found: dict) -> str:
    if not found.get("filter_indexed"):
        return "none (the cluster is outside the index's sizes)"
    return f"{found['rss_indexed_mb']:.0f} MB"


def _flat(quarters: list[float]) -> bool:
    return len(quarters) < 2 or quarters[-1] <= FLAT * quarters[0]


def import_figures(per_run: dict, papers: int, build: dict) -> list[Figure]:
    quarters = per_run["rss_quarters_mb"][0] if per_run["rss_quarters_mb"] else []
    raw_quarters = per_run.get("raw_rss_quarters_mb", [[]])[0]
    built = build["namesake"], build["raw"]
    figures = [
        # The import target is the million-paper database's (the second figure). This smaller
        # import is timed again on every run; its memory grows with SQLite's 256 MB import page cache
        # filling, the raw import's as well, so "flat" cannot be judged on it.
        timed_figure(f"import {papers:,} papers from Namesake JSON Lines", per_run["namesake"], per_run["raw"],
                     "(no target: the target is the 1,000,000-paper import's)", None, "json.loads + executemany, same tables",
                     note=f"peak RSS {median(per_run['namesake_peak_mb']):.0f} MB (raw {median(per_run['raw_peak_mb']):.0f} MB); "
                          f"RSS at 1/4, 1/2, 3/4 of the run: {_mb(quarters)} MB (raw {_mb(raw_quarters)} MB); "
                          f"raw executemany + commit alone {median(per_run['raw_insert']):.1f} s"),
        Figure(f"import {build['papers']:,} papers (when the cache was built, {build['at'][:10]})", built[0]["seconds"],
               built[1]["seconds"], "<= 2x, flat memory", 2.0, None, "s", 1, "json.loads + executemany, same tables",
               note=f"peak RSS {built[0]['peak_rss_mb']:.0f} MB (raw {built[1]['peak_rss_mb']:.0f} MB); RSS at 1/4, 1/2, 3/4: "
                    f"{', '.join(f'{q:.0f}' for q in built[0]['rss_quarters_mb'])} MB; raw executemany + commit alone "
                    f"{built[1]['insert_and_commit_seconds']:.1f} s; code {build.get('code', '?')}"),
    ]
    figures[1].other_condition = _flat(built[0]["rss_quarters_mb"])
    return figures


def _mb(quarters: list[float]) -> str:
    return ", ".join(f"{q:.0f}" for q in quarters)


def startup_figures(found: dict, papers: int) -> list[Figure]:
    return [
        timed_figure(f"start-up to first paint, {papers:,}-paper database", found["first_paint"], found["bare"], "<= 1.5x", 1.5,
                     "bare PySide6 window shown and painted",
                     note="whole process, from spawn; the first paint is the start-up frame saying what it opens"),
        timed_figure(f"start-up to the review window painted, clusters listed, {papers:,}-paper database", found["window_paint"],
                     found["bare"], "(no target)", None, "bare PySide6 window shown and painted",
                     note="the store and the panes loaded, the frame replaced"),
        timed_figure(f"start-up to first cluster painted ({found['rows']:,} papers)", found["loaded_paint"], found["bare"],
                     "(no target)", None, "bare PySide6 window shown and painted", note=f"opens {found['cluster']}"),
    ]


def scaling_rows(by_size: dict[int, dict]) -> list[dict]:
    """Median seconds of the four window figures at each cluster size, and their ratios."""
    rows = []
    for size, found in sorted(by_size.items()):
        row = {"papers": size}
        for key in ("open", "filter_key", "first_filter_key", "decision", "bulk", "sort"):
            row[key] = median(found[key])
        row["analysis"] = found["analysis"][0] if "analysis" in found else None
        row["filter_raw"] = median(found["filter_raw"])
        row["rss_open_mb"] = _held_open(found)
        rows.append(row)
    return rows


def scaling_table(rows: list[dict]) -> str:
    head = ("| papers in cluster | open + paint | filter key | first filter key | decision | bulk decision | sort by year | RSS open "
            "| suggestion analysis |")
    lines = [head, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        cells = [f"{r[k] * 1000:,.1f} ms" for k in ("open", "filter_key", "first_filter_key", "decision", "bulk", "sort")]
        analysis = f"{r['analysis']:.1f} s" if r.get("analysis") is not None else "not timed"
        lines.append(f"| {r['papers']:,} | " + " | ".join(cells) + f" | {r['rss_open_mb']:.0f} MB | {analysis} |")
    return "\n".join(lines)
