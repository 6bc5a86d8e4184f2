/**
 * The block libca's default exception handler prints on stderr when a request fails at the
 * server (ca_default_exception_handler via ca_signal_formated), e.g. for a read that caget
 * issued with ca_array_get_callback:
 *
 *   CA.Client.Exception...............................................
 *       Warning: "Channel read request failed"
 *       Context: "op=0, channel=P:so, type=DBR_CTRL_CHAR, count=1, ctx="read failed""
 *       Source File: ../getCopy.cpp line 91
 *       Current Time: Wed Dec 02 2026 19:36:04.160491055
 *   ..................................................................
 */
import { ecaMessage } from '../../ca/protocol/eca.js';
import { dbrTypeName } from './dbr-names.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** epicsTime's "%a %b %d %Y %H:%M:%S.%09f" in local time. */
function currentTime(now = new Date()): string {
  const ns = String(now.getMilliseconds() * 1_000_000).padStart(9, '0');
  return `${DAYS[now.getDay()]} ${MONTHS[now.getMonth()]} ${two(now.getDate())} ${now.getFullYear()} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}.${ns}`;
}

/** The exception block of a failed get (getCopy::exception). */
export function readExceptionBlock(channel: string, dbrType: number, count: number, status: number): string {
  return (
    'CA.Client.Exception...............................................\n' +
    `    Warning: "${ecaMessage(status)}"\n` +
    `    Context: "op=0, channel=${channel}, type=${dbrTypeName(dbrType)}, count=${count}, ctx="read failed""\n` +
    '    Source File: ../getCopy.cpp line 91\n' +
    `    Current Time: ${currentTime()}\n` +
    '..................................................................\n'
  );
}
