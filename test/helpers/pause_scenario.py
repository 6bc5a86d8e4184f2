"""
A libca client (pyepics) across iocPause and iocRun. Prints what it sees, one line per step;
a line `SHELL <command>` asks the harness (test/helpers/pause-session.mjs) to type the
command at the IOC's shell, and the harness answers with a line on stdin once the IOC has
answered. Run the same against softIoc (the fixture) and devioc softioc (the test).
"""
import sys
import time

import epics


def shell(command):
    print('SHELL ' + command, flush=True)
    sys.stdin.readline()


def until(check, timeout):
    end = time.time() + timeout
    while not check():
        if time.time() > end:
            return False
        time.sleep(0.05)
    return True


pv = epics.PV('P:running', connection_timeout=10)
print('connected before pause:', pv.wait_for_connection(10), pv.get(timeout=5))
shell('iocPause')
print('still connected after pause, idle:', pv.connected)
try:
    value = pv.get(timeout=2, use_monitor=False)
except epics.ca.ChannelAccessGetFailure as e:
    value = 'failed (%s)' % e
print('get on that channel while paused:', value)
print('its circuit dropped after that get:', until(lambda: not pv.connected, 10))
fresh = epics.PV('P:pause', connection_timeout=2)
print('a new channel while paused connects:', fresh.wait_for_connection(2))
shell('iocRun')
print('the old channel reconnects after iocRun:', until(lambda: pv.connected, 60))
print('the new channel connects after iocRun:', fresh.wait_for_connection(60))
for name in ('P:yes', 'P:run', 'P:running', 'P:pause', 'P:paused'):
    print(name, epics.caget(name, timeout=10))
shell('iocRun')
shell('iocPause')
shell('iocPause')
shell('iocRun')
for name in ('P:yes', 'P:run', 'P:running', 'P:pause', 'P:paused'):
    print(name, epics.caget(name, timeout=10))
