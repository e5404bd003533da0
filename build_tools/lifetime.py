"""No process of ours outlives the one that started it: a build's workers end with the
build, each one's Pandoc with its worker, whenever either is killed.

On Linux the kernel does it: ``PR_SET_PDEATHSIG`` (prctl(2)) asks for SIGKILL when the
parent ends. Two gaps remain, and each is closed here. A parent that died before the
request was made sends nothing, so the child then checks that its parent is still the
one that started it. And the signal comes when the parent *thread* ends, not its
process: only a child started from the main thread is tied to the process so, and a
child started elsewhere is not asked for the signal (see :func:`child_dies_with_us`).
A thread of each worker also looks at its parent every quarter of a second, which holds
where the kernel has no such request.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
LOOK_EVERY = 0.25  # seconds between a worker's looks at its parent

Prctl = Callable[[int, int, int, int, int], int]


@functools.cache
def _prctl() -> Prctl | None:
    """libc's prctl, typed (its second argument is an unsigned long); None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]
    function.restype = ctypes.c_int
    found: Prctl = function
    return found


def _ask_for_death_signal(prctl: Prctl | None) -> None:
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def die_with_parent(parent: int) -> None:
    """In a process started by ``parent`` (its pid, as the parent saw it): be killed when
    the parent ends, and end now if it already has (this process then belongs to init or
    a subreaper, and no signal will come)."""
    _ask_for_death_signal(_prctl())
    if os.getppid() != parent:
        os._exit(1)


def watch_parent(parent: int) -> None:
    """End this process once ``parent`` is no longer its parent: a thread that looks every
    :data:`LOOK_EVERY` seconds (for systems without the kernel's signal)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(LOOK_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def child_dies_with_us() -> Callable[[], None] | None:
    """For ``subprocess.Popen(preexec_fn=…)``: the child is killed when this process ends.

    None off Linux, and in any thread but the main one: the kernel would kill the child
    when that thread ends, while this process goes on using it. Such a child must end some
    other way (our Pandoc ends when its stdin closes, which this process's end does)."""
    prctl = _prctl()
    if prctl is None or threading.current_thread() is not threading.main_thread():
        return None
    owner = os.getpid()

    def in_child() -> None:  # between fork and exec: nothing but the two system calls
        _ask_for_death_signal(prctl)
        if os.getppid() != owner:
            os._exit(1)

    return in_child
