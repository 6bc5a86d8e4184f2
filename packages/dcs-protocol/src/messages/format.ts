import { formatTclElement, formatTclList } from '../tcl/format.js';
import type { DcsMessage } from './types.js';

/** Words as Tcl elements, then a free-text tail exactly as given. */
function line(words: readonly string[], tail = ''): string {
  const head = words.map(formatTclElement).join(' ');
  return tail === '' ? head : `${head} ${tail}`;
}

const bit = (on: boolean): string => (on ? '1' : '0');

/** The text of a message, ready for framing. */
export function formatMessage(message: DcsMessage): string {
  switch (message.type) {
    case 'unknown':
      return message.text;
    case 'stoc_send_client_type':
      return message.type;
    case 'stoh_register_operation':
    case 'stoh_register_string':
    case 'stoh_register_real_motor':
    case 'stoh_register_pseudo_motor':
    case 'stoh_register_encoder':
    case 'stoh_register_object':
      return line([message.type, message.name, message.hardwareName]);
    case 'stoh_register_shutter':
      return line(
        message.hardwareName === undefined
          ? [message.type, message.name, message.state]
          : [message.type, message.name, message.state, message.hardwareName],
      );
    case 'stoh_register_ion_chamber':
      return line([message.type, message.name, message.hardwareName, message.counterChannel, message.timer, message.timerType]);
    case 'stoh_start_operation':
      return line([message.type, message.operation, message.handle], formatTclList(message.args));
    case 'stoh_abort_all':
      return line([message.type, message.mode]);
    case 'stoh_set_string':
      return line([message.type, message.name], message.contents);
    case 'stoh_configure_string':
      return line([message.type, message.name, message.owner], message.contents);
    case 'stoh_configure_real_motor':
      return line([
        message.type,
        message.name,
        String(message.position),
        String(message.upperLimit),
        String(message.lowerLimit),
        String(message.scaleFactor),
        String(message.speed),
        String(message.acceleration),
        String(message.backlash),
        bit(message.lowerLimitOn),
        bit(message.upperLimitOn),
        bit(message.locked),
        bit(message.backlashOn),
        bit(message.reverseOn),
      ]);
    case 'htos_client_is_hardware':
      return line([message.type, message.dhsName]);
    case 'htos_operation_update':
      return line([message.type, message.operation, message.handle], message.text);
    case 'htos_operation_completed':
      return line([message.type, message.operation, message.handle], joinTail(message.status, message.returns));
    case 'htos_start_operation':
      return line([message.type, message.operation], formatTclList(message.args));
    case 'htos_set_string_completed':
      return line([message.type, message.name], joinTail(message.status, message.contents));
    case 'htos_send_configuration':
      return line([message.type, message.device]);
    case 'htos_log':
      return line([message.type, message.level, message.sender], message.text);
    case 'htos_note':
      return line([message.type], message.text);
    default:
      // The device-traffic commands, all carried as argument words.
      return line([message.type], formatTclList(message.args));
  }
}

function joinTail(first: string, rest: string): string {
  if (first === '') return rest;
  return rest === '' ? first : `${first} ${rest}`;
}
