/** A DCS1 message, and every handshake message, is exactly this many bytes. */
export const DCS1_MESSAGE_SIZE = 200;

/** A DCS2 message starts with a header of exactly this many ASCII bytes. */
export const DCS2_HEADER_SIZE = 26;

/**
 * Largest text section accepted by default. Robot strings are under 1 KiB; a header
 * asking for more than this is treated as corrupt rather than buffered.
 */
export const DEFAULT_MAX_TEXT_LENGTH = 1024 * 1024;

/** Largest binary section accepted by default (the robot never sends any). */
export const DEFAULT_MAX_BINARY_LENGTH = 1024 * 1024;

/**
 * Texts are ASCII on the wire. latin1 maps every byte to one character and back, so no
 * byte is ever lost or reinterpreted, whatever a peer sends.
 */
export const TEXT_ENCODING = 'latin1';

/** Which framing a stream uses after the handshake. */
export type Framing = 'dcs1' | 'dcs2';
