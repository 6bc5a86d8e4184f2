"""Drives an IOC shell through a pseudo-terminal, as a person at a terminal would.

Usage: pty_session.py COMMANDS_JSON -- PROGRAM ARGS...
Starts PROGRAM on a new pty (stdin, stdout and stderr), waits for each `epics> ` prompt
before typing the next command, and prints everything the terminal showed. Exits 3 when a
prompt or the program's end does not come within the timeout.
"""
import json
import os
import pty
import select
import subprocess
import sys
import time

PROMPT = b"epics> "
TIMEOUT = float(os.environ.get("PTY_SESSION_TIMEOUT", "30"))


def main():
    sep = sys.argv.index("--")
    commands = json.loads(sys.argv[1])
    argv = sys.argv[sep + 1:]
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
    os.close(slave)
    seen = bytearray()

    def read_until(pred):
        deadline = time.monotonic() + TIMEOUT
        while not pred():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([master], [], [], min(left, 0.5))
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError as e:
                    # Linux reports EIO on the master now and then while the program
                    # reopens its terminal (libuv does); only its end is final.
                    if proc.poll() is None:
                        time.sleep(0.01)
                        continue
                    sys.stderr.write("pty read: %s (program status %s)\n" % (e, proc.poll()))
                    return pred()
                if not chunk:
                    return pred()
                seen.extend(chunk)
            elif proc.poll() is not None:
                # Drain what is left once the program has gone.
                try:
                    while True:
                        r, _, _ = select.select([master], [], [], 0.2)
                        if not r:
                            break
                        chunk = os.read(master, 65536)
                        if not chunk:
                            break
                        seen.extend(chunk)
                except OSError:
                    pass
                return pred()
        return True

    ok = True
    for i, command in enumerate(commands):
        # The (i+1)th prompt comes after the output of the command before.
        if not read_until(lambda: seen.count(PROMPT) >= i + 1):
            sys.stderr.write("no prompt before command %d (%r); program status %s\n" % (i, command, proc.poll()))
            ok = False
            break
        os.write(master, command.encode() + b"\r")
    if ok:
        ok = read_until(lambda: proc.poll() is not None)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    os.close(master)
    sys.stdout.buffer.write(bytes(seen))
    sys.exit(0 if ok else 3)


main()
