"""deploy/gunicorn.conf.py: what production's app servers run (the stack's tests run it whole).

Here: the worker's malloc arenas. Each run is a fresh interpreter that loads the
configuration file, optionally calls its hook as gunicorn's ``post_fork`` would, starts four
threads that allocate at once, and asks glibc (``malloc_stats``, on stderr) how many arenas
the process holds.
"""

import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"

PROGRAM = """
import ctypes, runpy, sys, threading
conf = runpy.run_path(sys.argv[1])
warnings = []

class Log:
    def warning(self, *args):
        warnings.append(args)

class Server:
    log = Log()

if sys.argv[2] == "limited":
    conf["limit_malloc_arenas"](Server())
ready = threading.Barrier(4)
held = []

def allocate():
    ready.wait()  # all four allocate together, as a worker's threads under load
    held.append([bytearray(200_000) for _ in range(50)])

threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()
print(len(warnings))
"""


def arenas(mode: str) -> tuple[int, str]:
    finished = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(CONFIG), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    arena_lines = [line for line in finished.stderr.splitlines() if line.startswith("Arena ")]
    return len(arena_lines), finished.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_workers_threads_share_one_malloc_arena():
    limited, warnings = arenas("limited")
    unlimited, _ = arenas("default")

    assert warnings == "0"
    assert limited == 1
    assert unlimited > 1  # without the hook the threads take arenas of their own
