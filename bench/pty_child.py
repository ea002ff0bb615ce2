"""The command under test in a pseudo-terminal of its own, for pty-drive.py and pty-frames.py:
the pty is the child's controlling terminal (as a real terminal's is) and has the spec's size."""
import fcntl
import os
import struct
import subprocess
import termios
import time


def _take_terminal():
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def spawn(spec):
    """Starts spec['cmd'] with spec['env'] on a new pty of spec['rows'] x spec['cols'].
    Returns (master fd, the child, its start time on time.monotonic)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', spec['rows'], spec['cols'], 0, 0))
    started = time.monotonic()
    child = subprocess.Popen(spec['cmd'], env=spec['env'], stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True, preexec_fn=_take_terminal, close_fds=True)
    os.close(slave)
    return master, child, started
