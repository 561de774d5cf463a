"""Runs a program that is killed when the process that started it dies, even by kill -9.

Usage: python3 die-with-parent.py PROGRAM [ARGS...]
Node cannot set a child's parent-death signal (prctl PR_SET_PDEATHSIG); this sets it to SIGKILL and then execs
PROGRAM in the same process (same pid), which keeps the setting: LibreOffice never outlives the worker.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main():
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        sys.stderr.write(f"die-with-parent: prctl failed (errno {ctypes.get_errno()})\n")
        sys.exit(70)
    # The parent may have died before the signal was armed: then nobody would send it.
    if os.getppid() != parent:
        sys.exit(1)
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()
