"""Executes one notebook with the tslab kernel and reports the failing cell precisely.

tslab reports a failing cell only as "<Error>:" to nbconvert; the real message is on the cell's
stderr stream. This runner stops at the first failing cell, saves the partly executed notebook,
and prints a JSON summary (the failing cell's index, source and stderr) for the Node side.
Usage: execute_notebook.py <in.ipynb> <out.ipynb> <timeout-seconds>
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


STARTUP_TIMEOUT = int(os.environ.get("SEPCONV_KERNEL_STARTUP_TIMEOUT", "120"))
STARTUP_FAILURE = "Kernel didn't respond"


def main() -> int:
    src, dst, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failed = {}

    def on_cell_error(cell, cell_index, execute_reply):
        failed["index"] = cell_index

    started = time.time()
    error = None
    kernel_starts = []
    # A kernel that never answered its first request ran no cell: that is the machine (a start
    # that took over STARTUP_TIMEOUT s on a loaded CI host), not the notebook, so it is started
    # once more, and the summary says so.
    for attempt in range(2):
        nb = nbformat.read(src, as_version=4)
        failed.clear()
        client = NotebookClient(
            nb,
            kernel_name="tslab",
            timeout=timeout,
            startup_timeout=STARTUP_TIMEOUT,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
            on_cell_error=on_cell_error,
        )
        error = None
        try:
            client.execute()
        except CellTimeoutError as e:
            error = "timeout: " + str(e).splitlines()[0]
        except CellExecutionError as e:
            error = str(e).strip().splitlines()[-1] if str(e).strip() else "cell failed"
        except Exception as e:  # kernel died, could not start, ...
            error = f"{type(e).__name__}: {e}"
            ran = any(c.cell_type == "code" and c.get("execution_count") is not None for c in nb.cells)
            if attempt == 0 and not ran and STARTUP_FAILURE in str(e):
                kernel_starts.append(error)
                continue
        break
    nbformat.write(nb, dst)
    summary = {"ok": error is None, "seconds": round(time.time() - started, 2), "cells": len(nb.cells)}
    if kernel_starts:
        summary["restarted"] = kernel_starts[0]
    if error is not None:
        index = failed.get("index")
        if index is None:  # a timeout has no error reply: the first cell without a count is it
            index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count") is None), None)
        cell = nb.cells[index] if index is not None else None
        stderr = ""
        if cell is not None:
            stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
            stderr += "".join("\n".join(o.get("traceback", [])) for o in cell.get("outputs", []) if o.get("output_type") == "error")
        summary.update({"error": error, "cellIndex": index, "source": cell.source if cell is not None else "", "stderr": stderr})
    print(json.dumps(summary))
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main())
