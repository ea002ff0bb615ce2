"""Runs a command and writes its wall time and resource usage as JSON to a file.

Usage: python3 rusage.py OUT-JSON COMMAND ARGS...
The command keeps this process's stdin, stdout and stderr; its exit code becomes
ours. wait4 gives user and system CPU with microsecond resolution (GNU time's
%U %S print hundredths) and counts every thread of the command.
"""
import json
import os
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
started = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.monotonic() - started
with open(out, 'w') as file:
    json.dump({
        'wallMs': wall * 1000,
        'userMs': usage.ru_utime * 1000,
        'systemMs': usage.ru_stime * 1000,
        'cpuMs': (usage.ru_utime + usage.ru_stime) * 1000,
        'maxRssKb': usage.ru_maxrss,
    }, file)
sys.exit(os.waitstatus_to_exitcode(status))
