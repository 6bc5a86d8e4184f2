/**
 * Encoders for every CA message a server or a client sends, written into a ByteWriter.
 * Field use follows rsrv 7.0 where it differs from the 2008 protocol document (see the spec,
 * section 1.4): VERSION over TCP has dtype 0 / p1 0, over UDP it echoes the search sequence.
 */
import type { ByteWriter } from './byte-writer.js';
import { ADDRESS_OF_SENDER, CA_MINOR_VERSION, Command, MAX_ERROR_MESSAGE, SEQUENCE_VALID } from './constants.js';

// ---------------------------------------------------------------- server -> client

/** VERSION sent by a server at TCP accept. */
export const writeServerVersion = (w: ByteWriter): void =>
  w.header(Command.VERSION, 0, CA_MINOR_VERSION, 0, 0);

/** VERSION at the head of a UDP search reply, echoing the request's sequence number. */
export const writeSearchReplyVersion = (w: ByteWriter, sequence: number): void =>
  w.header(Command.VERSION, SEQUENCE_VALID, CA_MINOR_VERSION, sequence, 0);

/** A UDP search hit: the TCP port in dtype, the server address (or "sender") in p1. */
export const writeSearchReply = (w: ByteWriter, tcpPort: number, cid: number, serverIp = ADDRESS_OF_SENDER): void => {
  w.message(Command.SEARCH, 8, tcpPort, 0, serverIp, cid, (buf, at) => {
    buf.writeUInt16BE(CA_MINOR_VERSION, at);
    buf.fill(0, at + 2, at + 8);
  });
};

/** A search hit answered over TCP (CA 4.12 name server): no payload. */
export const writeTcpSearchReply = (w: ByteWriter, tcpPort: number, cid: number, serverIp = ADDRESS_OF_SENDER): void =>
  w.header(Command.SEARCH, tcpPort, 0, serverIp, cid);

/** NOT_FOUND: a copy of the search header (only for a TCP DO_REPLY miss). */
export const writeNotFound = (w: ByteWriter, replyFlag: number, clientMinor: number, cid: number): void =>
  w.header(Command.NOT_FOUND, replyFlag, clientMinor, cid, cid);

export const writeAccessRights = (w: ByteWriter, cid: number, rights: number): void =>
  w.header(Command.ACCESS_RIGHTS, 0, 0, cid, rights);

export const writeCreateChanReply = (w: ByteWriter, nativeType: number, nativeCount: number, cid: number, sid: number): void =>
  w.header(Command.CREATE_CHAN, nativeType, nativeCount, cid, sid);

export const writeCreateChFail = (w: ByteWriter, cid: number): void =>
  w.header(Command.CREATE_CH_FAIL, 0, 0, cid, 0);

export const writeServerDisconn = (w: ByteWriter, cid: number): void =>
  w.header(Command.SERVER_DISCONN, 0, 0, cid, 0);

/** EVENT_CANCEL is answered with an EVENT_ADD carrying no payload (rsrv: p1 = sid). */
export const writeEventCancelReply = (w: ByteWriter, dataType: number, dataCount: number, sid: number, subscriptionId: number): void =>
  w.header(Command.EVENT_ADD, dataType, dataCount, sid, subscriptionId);

export const writeClearChannelReply = (w: ByteWriter, sid: number, cid: number): void =>
  w.header(Command.CLEAR_CHANNEL, 0, 0, sid, cid);

export const writeWriteNotifyReply = (w: ByteWriter, dataType: number, dataCount: number, status: number, ioid: number): void =>
  w.header(Command.WRITE_NOTIFY, dataType, dataCount, status, ioid);

export const writeEcho = (w: ByteWriter): void => w.header(Command.ECHO, 0, 0, 0, 0);

/** Beacon: dtype = minor version, count = TCP port, p1 = beacon counter, p2 = address (0 = sender). */
export const writeBeacon = (w: ByteWriter, tcpPort: number, counter: number, address = 0): void =>
  w.header(Command.RSRV_IS_UP, CA_MINOR_VERSION, tcpPort, counter, address);

/**
 * CA ERROR: p1 = the request's cid (or 0xFFFFFFFF), p2 = ECA code, payload = the offending
 * request header followed by a NUL-terminated text; the whole message stays within 512 bytes.
 */
export function writeError(w: ByteWriter, cid: number, eca: number, requestHeader: Uint8Array, text: string): void {
  const room = MAX_ERROR_MESSAGE - 16 - requestHeader.length - 1 - 8;
  const message = text.length > room ? text.slice(0, room) : text;
  const textBytes = Buffer.byteLength(message, 'latin1');
  w.message(Command.ERROR, requestHeader.length + textBytes + 1, 0, 0, cid, eca, (buf, at) => {
    buf.set(requestHeader, at);
    buf.write(message, at + requestHeader.length, textBytes, 'latin1');
    buf[at + requestHeader.length + textBytes] = 0;
  });
}

// ---------------------------------------------------------------- client -> server

/** VERSION a client sends first on a TCP circuit: priority in dtype, minor in count. */
export const writeClientVersion = (w: ByteWriter, priority = 0): void =>
  w.header(Command.VERSION, priority, CA_MINOR_VERSION, 0, 0);

/** VERSION heading a UDP search datagram, carrying the sequence number. */
export const writeSearchRequestVersion = (w: ByteWriter, sequence: number): void =>
  w.header(Command.VERSION, SEQUENCE_VALID, CA_MINOR_VERSION, sequence, 0);

export const writeSearchRequest = (w: ByteWriter, name: string, cid: number, replyFlag: number): void =>
  w.stringMessage(Command.SEARCH, name, replyFlag, CA_MINOR_VERSION, cid, cid);

export const writeClientName = (w: ByteWriter, user: string): void =>
  w.stringMessage(Command.CLIENT_NAME, user, 0, 0, 0, 0);

export const writeHostName = (w: ByteWriter, host: string): void =>
  w.stringMessage(Command.HOST_NAME, host, 0, 0, 0, 0);

export const writeCreateChan = (w: ByteWriter, name: string, cid: number): void =>
  w.stringMessage(Command.CREATE_CHAN, name, 0, 0, cid, CA_MINOR_VERSION);

export const writeReadNotify = (w: ByteWriter, dataType: number, dataCount: number, sid: number, ioid: number): void =>
  w.header(Command.READ_NOTIFY, dataType, dataCount, sid, ioid);

/** EVENT_ADD: three legacy floats (ignored by servers) then the mask and a pad. */
export const writeEventAdd = (w: ByteWriter, dataType: number, dataCount: number, sid: number, subscriptionId: number, mask: number): void => {
  w.message(Command.EVENT_ADD, 16, dataType, dataCount, sid, subscriptionId, (buf, at) => {
    buf.fill(0, at, at + 12);
    buf.writeUInt16BE(mask, at + 12);
    buf.writeUInt16BE(0, at + 14);
  });
};

export const writeEventCancel = (w: ByteWriter, dataType: number, dataCount: number, sid: number, subscriptionId: number): void =>
  w.header(Command.EVENT_CANCEL, dataType, dataCount, sid, subscriptionId);

export const writeClearChannel = (w: ByteWriter, sid: number, cid: number): void =>
  w.header(Command.CLEAR_CHANNEL, 0, 0, sid, cid);

export const writeEventsOff = (w: ByteWriter): void => w.header(Command.EVENTS_OFF, 0, 0, 0, 0);
export const writeEventsOn = (w: ByteWriter): void => w.header(Command.EVENTS_ON, 0, 0, 0, 0);

export const writeRepeaterRegister = (w: ByteWriter, clientIp: number): void =>
  w.header(Command.REPEATER_REGISTER, 0, 0, 0, clientIp);

/** Parses the mask out of an EVENT_ADD payload (0 when the payload is short). */
export const eventAddMask = (payload: Buffer): number => (payload.length >= 14 ? payload.readUInt16BE(12) : 0);
