"""Like pty-drive.py, but a key's answer is the first frame that shows what the key
did, not the first byte after it: during an event storm the screen redraws by itself,
and a redraw that lands right after a key must not count as its answer.

Usage: python3 pty-frames.py SPEC-JSON, where SPEC is
  {cmd, env, cols, rows, expect, timeoutMs, settleMs, quietMs, gapMs, startFile, groups, quit}
groups: [{name, keys: [str], until: [{"move": true} | {"filter": str | null}]}]
  move: the selected row changed; filter: the title shows that filter text (null: none);
  prompt: the status line shows the filter's field open (for `/`, whose empty filter the title does not show).
startFile: after the first frame and the settle, wait for this file before the keys
  (the bench starts its storm meanwhile); READY on stderr says the settle is over,
  KEYS that the keys are done; then the frames are followed until the file is gone.
Prints one JSON object: firstFrameMs, latencies {name: [ms]}, missed, counts
  [[monotonic s, images in the title]], vmHwmKb, exitCode.
Optional, for another view than the image list (the registry browser):
  patterns {selected, filter, noFilter, count}: regexes on a frame's bytes; noFilter, when
    given, is what a frame without the filter field shows (so a redraw that leaves the
    footer alone does not answer Esc); count's group 1 is the number followed in counts.
  setup [[key, expect]]: after the settle, each key typed and `expect` waited for (a
    substring, or 're:' and a regex).
  busy {on, off, restart [[key, expect]]}: keys count as "during" while the last frame
    that showed either showed `on` (the stream runs; `off`: it ended); before each group
    whose stream has ended (each key of a group with restartEach), restart starts it again.
    Keys typed when it was not running go to idle {name: [ms]} instead.
  A group's gapMs, when given, is the most it waits after each of its keys (else the spec's).
"""
import json
import os
import re
import select
import signal
import sys
import time

from pty_child import spawn

spec = json.loads(sys.argv[1])
now = time.monotonic
master, child, started = spawn(spec)

BEGIN = b'\x1b[?2026h'
END = b'\x1b[?2026l'
patterns = spec.get('patterns', {})
SELECTED = re.compile(patterns['selected'].encode() if 'selected' in patterns else rb'\x1b\[7m\x1b\[1m (\S+)\s+(\S+)')
COUNT = re.compile(patterns['count'].encode() if 'count' in patterns else rb'Images (?:\d+/)?(\d+) ')
# The title shows a filter as "· /TEXT" (never empty); "\S+" keeps the status line's "· / filter" hint out.
FILTER = re.compile(patterns['filter'].encode() if 'filter' in patterns else rb'\xc2\xb7 /(\S+)')
NO_FILTER = re.compile(patterns['noFilter'].encode()) if 'noFilter' in patterns else None
# The status line while the filter's field is open (its text may still be empty): "/…   N of M · Enter keep".
PROMPT = re.compile(rb'\d+ of \d+ \xc2\xb7 Enter keep')
pending = b''
closed = False
counts = []
tail = b''
busy = spec.get('busy')
# busy: whether the last frame that said showed the stream still running.
streaming = False
# All output since type_until's last key (a whole screen is more than tail keeps).
since_key = b''


class Frame:
    def __init__(self, data, at):
        self.at = at
        self.data = data
        match = SELECTED.search(data)
        self.selected = match.group(0) if match else None
        match = FILTER.search(data)
        self.filter = match.group(1).decode('utf8', 'replace') if match else None
        # The field itself is drawn (open, maybe empty), not a frame without it.
        self.field = match is not None
        self.prompt = PROMPT.search(data) is not None
        # With noFilter, '' is a frame that shows the list without the field; None says nothing.
        if NO_FILTER is not None and match is None:
            self.filter = '' if NO_FILTER.search(data) else None
        match = COUNT.search(data)
        self.count = int(match.group(1)) if match else None


def frames(timeout):
    """The frames completed by the next read (maybe none); [] and closed when the child is gone."""
    global pending, closed, tail, since_key, streaming, shown_selected
    if closed:
        return []
    ready, _, _ = select.select([master], [], [], max(timeout, 0))
    if not ready:
        return None
    at = now()
    try:
        chunk = os.read(master, 262144)
    except OSError:
        chunk = b''
    if not chunk:
        closed = True
        return []
    tail = (tail + chunk)[-4096:]
    since_key = (since_key + chunk)[-(1 << 20):]
    pending += chunk
    done = []
    while True:
        begin = pending.find(BEGIN)
        end = pending.find(END, begin + 1) if begin != -1 else -1
        if begin == -1 or end == -1:
            break
        frame = Frame(pending[begin:end], at)
        if frame.selected is not None:
            shown_selected = frame.selected
        pending = pending[end + len(END):]
        if busy is not None and busy['on'].encode() in frame.data:
            streaming = True
        elif busy is not None and busy['off'].encode() in frame.data:
            streaming = False
        if frame.count is not None and (not counts or counts[-1][1] != frame.count):
            counts.append([at, frame.count])
        done.append(frame)
    if len(pending) > 1 << 20:
        pending = pending[-(1 << 19):]
    return done


def fail(message):
    child.kill()
    print(json.dumps({'error': message, 'screenTail': tail[-600:].decode('utf8', 'replace')}))
    sys.exit(1)


# A run that hangs (a key that never lands, a stream that never ends) fails instead of waiting forever.
if spec.get('maxSeconds'):
    signal.signal(signal.SIGALRM, lambda *_: fail(f"not done within {spec['maxSeconds']} s"))
    signal.alarm(spec['maxSeconds'])

expect = spec['expect'].encode()
deadline = started + spec['timeoutMs'] / 1000
first = None
last = None
# The row last drawn as selected, in whichever frame drew it.
shown_selected = None
while first is None:
    got = frames(deadline - now())
    if got is None or closed:
        fail(f"no {spec['expect']!r} within {spec['timeoutMs']} ms" if not closed else 'exited before the first frame')
    if expect in tail:
        first = now()
    if got:
        last = got[-1]

result = {'firstFrameMs': (first - started) * 1000, 'latencies': {}, 'missed': {}}
# The start-up follow-ups (disk usage, the event stream's refresh) settle first.
quiet_until = now() + spec['settleMs'] / 1000
while now() < quiet_until:
    got = frames(quiet_until - now())
    if got:
        last = got[-1]
        quiet_until = now() + spec['settleMs'] / 1000
sys.stderr.write('READY\n')
sys.stderr.flush()
if spec.get('startFile'):
    while not os.path.exists(spec['startFile']):
        got = frames(0.02)
        if got:
            last = got[-1]


def answered(rule, frame, before, before_selected):
    if 'move' in rule:
        # Compared with the row last drawn as selected: an incremental frame that redraws only
        # other lines (a count, rows that shifted) says nothing of the selection.
        return frame.selected is not None and frame.selected != before_selected
    if 'prompt' in rule:
        return frame.prompt
    wanted = rule['filter']
    if rule.get('open') and not frame.field:
        return False
    if NO_FILTER is not None and wanted is None:
        wanted = ''
    return frame.filter == wanted


def type_until(steps):
    """Each [key, expect]: the key typed, then the output followed until it shows expect."""
    global last, since_key
    for key, expected in steps:
        since_key = b''
        os.write(master, key.encode())
        until = now() + spec['timeoutMs'] / 1000
        # 're:…' is a regex on the output since the key.
        seen = (lambda: re.search(expected[3:].encode(), since_key)) if expected.startswith('re:') else (lambda: expected.encode() in since_key)
        while not seen():
            got = frames(until - now())
            if got is None or closed:
                fail(f'no {expected!r} after {key!r}')
            if got:
                last = got[-1]
    # The frame that drew the last step is the one the first key is compared with.
    got = frames(0.05)
    while got:
        last = got[-1]
        got = frames(0.05)


running = lambda: streaming
type_until(spec.get('setup', []))
result['idle'] = {}
for group in spec['groups']:
    for index, (key, rule) in enumerate(zip(group['keys'], group['until'])):
        if busy is not None and busy.get('restart') and not running() and (index == 0 or group.get('restartEach')):
            type_until(busy['restart'])
        times = (result['latencies'] if busy is None or running() else result['idle']).setdefault(group['name'], [])
        before = last
        before_selected = shown_selected
        sent = now()
        os.write(master, key.encode())
        answer = None
        while answer is None and now() - sent < 2:
            got = frames(2 - (now() - sent))
            if not got:
                if closed:
                    fail('exited while keys were typed')
                continue
            last = got[-1]
            answer = next((frame for frame in got if answered(rule, frame, before, before_selected)), None)
        if answer is None:
            result['missed'][group['name']] = result['missed'].get(group['name'], 0) + 1
            result.setdefault('missedKeys', {}).setdefault(group['name'], []).append(repr(key))
        else:
            times.append((answer.at - sent) * 1000)
        # As the list bench: the key's follow-ups (the history fetch) finish before the next key,
        # that is quietMs without a frame; a storm never goes quiet, so at most gapMs.
        # A group's own gapMs: keys typed at a person's pace, whatever still draws.
        gap_until = now() + group.get('gapMs', spec['gapMs']) / 1000
        while now() < gap_until:
            got = frames(min(spec['quietMs'] / 1000, gap_until - now()))
            if got is None:
                break
            if got:
                last = got[-1]

try:
    with open(f'/proc/{child.pid}/status') as status:
        result['vmHwmKb'] = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
except (OSError, StopIteration):
    result['vmHwmKb'] = None

# The tail of the storm: the count is followed until the bench says stop (its start file goes away).
sys.stderr.write('KEYS\n')
sys.stderr.flush()
if spec.get('startFile'):
    while os.path.exists(spec['startFile']):
        got = frames(0.02)
        if got:
            last = got[-1]
result['counts'] = counts
os.write(master, spec['quit'].encode())
end = now() + 5
while child.poll() is None and now() < end:
    frames(0.05)
if child.poll() is None:
    child.send_signal(signal.SIGKILL)
    result['killed'] = True
result['exitCode'] = child.wait()
print(json.dumps(result))
