"""Runs one command in a pseudo-terminal and times it, all from one process so
no IPC sits between a key and its timestamp. Node has no pty without a native
add-on, and python3 is on every machine.

Usage: python3 pty-drive.py SPEC-JSON, where SPEC is
  {cmd, env, cols, rows, expect, timeoutMs, settleMs, quietMs, groups, quit}
groups: [{name, keys: [str], measure: bool}] typed after the first frame.
Prints one JSON object: firstFrameMs, latencies {name: [ms]}, vmHwmKb, exitCode.
"""
import json
import os
import select
import signal
import sys
import time

from pty_child import spawn

spec = json.loads(sys.argv[1])
now = time.monotonic
master, child, started = spawn(spec)
tail = b''
closed = False


def read(timeout):
    """Returns the time the next output arrived, or None if none came within timeout s."""
    global tail, closed
    if closed:
        return None
    ready, _, _ = select.select([master], [], [], max(timeout, 0))
    if not ready:
        return None
    at = now()
    try:
        chunk = os.read(master, 65536)
    except OSError:
        chunk = b''
    if not chunk:
        closed = True
        return None
    # Enough context to find the expected text split across reads.
    tail = (tail + chunk)[-4096:]
    return at


def wait_quiet(quiet_s, limit_s):
    end = now() + limit_s
    while now() < end:
        if read(quiet_s) is None:
            return True
    return False


def fail(message):
    child.kill()
    print(json.dumps({'error': message, 'screenTail': tail[-600:].decode('utf8', 'replace')}))
    sys.exit(1)


expect = spec['expect'].encode()
deadline = started + spec['timeoutMs'] / 1000
first = None
while first is None:
    at = read(deadline - now())
    if at is None:
        fail(f"no {spec['expect']!r} within {spec['timeoutMs']} ms" if not closed else 'exited before the first frame')
    if expect in tail:
        first = at

result = {'firstFrameMs': (first - started) * 1000, 'latencies': {}, 'missed': {}}
if spec['groups']:
    # Startup follow-ups (disk usage, the event stream's refresh, history) must not land inside a measurement.
    wait_quiet(spec['settleMs'] / 1000, 20)
for group in spec['groups']:
    times = result['latencies'].setdefault(group['name'], [])
    for key in group['keys']:
        sent = now()
        os.write(master, key.encode())
        at = read(2)
        if at is None:
            result['missed'][group['name']] = result['missed'].get(group['name'], 0) + 1
        elif group['measure']:
            times.append((at - sent) * 1000)
        if not wait_quiet(spec['quietMs'] / 1000, 5):
            fail(f"output did not go quiet after a {group['name']} key")

try:
    with open(f'/proc/{child.pid}/status') as status:
        result['vmHwmKb'] = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
except (OSError, StopIteration):
    result['vmHwmKb'] = None

os.write(master, spec['quit'].encode())
end = now() + 5
while child.poll() is None and now() < end:
    read(0.05)
if child.poll() is None:
    child.send_signal(signal.SIGKILL)
    result['killed'] = True
result['exitCode'] = child.wait()
print(json.dumps(result))
