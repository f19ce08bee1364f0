#!/usr/bin/env python3
"""Attributes perf samples of `huizong run` to phases (bench/RESULTS.md, Profile).

    RAYON_NUM_THREADS=1 perf record -e cpu-clock -F 1000 --call-graph dwarf,16384 \
        -o run.data target/release/huizong run INBOX --plan PLAN --out OUT --as-of 2011-04-08
    perf script -i run.data -F tid,ip,sym > run.script
    python3 bench/phases.py run.script

Each sample goes to the innermost frame that names a phase; the brackets
give what the sample was doing at its leaf (XML parse, inflate, malloc…).
"""
import collections
import sys

ROSTER_SCAN = "checks: roster scans (identify_unit, code_text: label_key per unit)"
# (substring of a frame, phase); the innermost matching frame wins.
PHASES = [
    ("read_shared_strings", "calamine open: shared strings"),
    ("read_styles", "calamine open: styles"),
    ("read_workbook_rels", "calamine open: workbook, rels"),
    ("Xlsx<RS>::read_workbook", "calamine open: workbook, rels"),
    ("merge_cells_by_sheet_name", "calamine: merged cells (second parse of every sheet)"),
    ("XlsxCellReader", "calamine: sheet cells (XML)"),
    ("worksheet_cells_reader", "calamine: sheet cells (XML)"),
    ("as calamine::Reader<RS>>::new", "calamine open: zip directory, other"),
    ("open_workbook_from_rs", "calamine open: zip directory, other"),
    ("read_capped", "file read"),
    ("default_read_to_end", "file read"),
    ("sha2::", "SHA-256 of inputs"),
    ("sort_by_key", "reader glue (src/ingest/read.rs)"),
    ("data_ref_value", "reader glue (src/ingest/read.rs)"),
    ("identify_unit", ROSTER_SCAN),
    ("code_text", ROSTER_SCAN),
    ("unit_from_file_name", ROSTER_SCAN),
    ("check::file::", "checks (src/check/file.rs)"),
    ("check_submission", "checks (src/check/file.rs)"),
    ("drop_in_place<huizong::ingest::submission", "extract (src/ingest/submission.rs)"),
    ("basic_sheet", "extract (src/ingest/submission.rs)"),
    ("indicator_sheet", "extract (src/ingest/submission.rs)"),
    ("ledger_sheet", "extract (src/ingest/submission.rs)"),
    ("header_row", "extract (src/ingest/submission.rs)"),
    ("ingest::submission::", "extract (src/ingest/submission.rs)"),
    ("find_sheet", "extract (src/ingest/submission.rs)"),
    ("drop_in_place<huizong::ingest::raw::RawWorkbook", "reader glue (src/ingest/read.rs)"),
    ("drop_in_place<calamine::xlsx::Xlsx", "calamine open: zip directory, other"),
    ("ingest::read::", "reader glue (src/ingest/read.rs)"),
    ("inbox::check_file", "per-file other (src/inbox.rs)"),
    ("parse_plan", "plan load"),
    ("list_files", "list inbox"),
    ("check::inbox::check_inbox", "cross-file check (check_inbox)"),
    ("huizong::aggregate::", "aggregate"),
    ("render::report::", "render 审核报告.xlsx"),
    ("render::summary::", "render 汇总表.xlsx"),
    ("rust_xlsxwriter::packager", "render: xlsx packaging (writer threads)"),
    ("cli::run::", "run: other (manifest, clones, output)"),
    ("cli::stages::", "run: other (manifest, clones, output)"),
]
LEAVES = [
    ("zlib_rs::inflate", "inflate"), ("zlib_rs::deflate", "deflate"), ("crc32", "crc32"),
    ("quick_xml", "XML"), ("memchr", "XML"), ("RawAttrIter", "XML"),
    ("malloc", "malloc"), ("free", "malloc"), ("realloc", "malloc"), ("_int_", "malloc"),
    ("__rust_alloc", "malloc"), ("__rdl_", "malloc"), ("finish_grow", "malloc"),
    ("unlink_chunk", "malloc"), ("memmove", "memcpy"), ("memcpy", "memcpy"),
    ("from_utf8", "utf-8"), ("sha2", "sha256"),
]


def first(frames, table, default):
    for frame in frames:
        # In `find<huizong::aggregate::X, huizong::render::summary::f::{closure}>`
        # the closure's owner, named last, is the caller.
        found = [(frame.rfind(key), name) for key, name in table if key in frame]
        if found:
            return max(found, key=lambda f: f[0])[1]
    return default


def samples(path):
    tid, frames = None, []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if frames:
                    yield tid, frames
                tid, frames = None, []
            elif not line[0].isspace():
                if frames:
                    yield tid, frames
                tid, frames = line.split()[0], []
            else:
                parts = line.strip().split(None, 1)
                frames.append(parts[1] if len(parts) > 1 else "")
    if frames:
        yield tid, frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    phases, leaves, by_thread = collections.Counter(), collections.Counter(), collections.Counter()
    main_tid, total = None, 0
    for tid, frames in samples(sys.argv[1]):
        main_tid = main_tid or tid  # the first sample is the main thread's
        phase = first(frames, PHASES, "other (rayon, kernel, start-up)")
        # identify_unit is inlined into check_submission: its roster scan shows
        # as label_key (two Strings per roster unit) under the checks.
        if phase.startswith("checks") and any("label_key" in f for f in frames):
            phase = ROSTER_SCAN
        phases[phase] += 1
        leaves[(phase, first(frames[:3], LEAVES, "other"))] += 1
        by_thread["main thread" if tid == main_tid else "other threads"] += 1
        total += 1
    print(f"{total} samples; " + ", ".join(f"{k} {100 * v / total:.1f}%" for k, v in by_thread.items()))
    for phase, n in phases.most_common():
        detail = ", ".join(
            f"{leaf} {100 * m / n:.0f}%" for (p, leaf), m in leaves.most_common() if p == phase and m / n >= 0.1
        )
        print(f"{100 * n / total:5.1f}%  {phase}  [{detail}]")


if __name__ == "__main__":
    main()
