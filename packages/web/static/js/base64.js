// base64 for the browser, as pvws serves it at /pvws/js/base64.js: global functions
// toByteArray(b64) -> Uint8Array, fromByteArray(bytes) -> string, byteLength(b64).
// Written for devioc; the standard and the URL-safe alphabets are both accepted.
'use strict';

var BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var BASE64_INDEX = (function () {
  var index = new Int16Array(128).fill(-1);
  for (var i = 0; i < BASE64_ALPHABET.length; i++) index[BASE64_ALPHABET.charCodeAt(i)] = i;
  index['-'.charCodeAt(0)] = 62;
  index['_'.charCodeAt(0)] = 63;
  return index;
})();

function base64Payload(b64) {
  if (b64.length % 4 !== 0) throw new Error('Invalid string. Length must be a multiple of 4');
  var end = b64.indexOf('=');
  return end === -1 ? b64.length : end;
}

function byteLength(b64) {
  return Math.floor((base64Payload(b64) * 3) / 4);
}

function toByteArray(b64) {
  var chars = base64Payload(b64);
  var out = new Uint8Array(Math.floor((chars * 3) / 4));
  var bits = 0;
  var nbits = 0;
  var o = 0;
  for (var i = 0; i < chars; i++) {
    var v = BASE64_INDEX[b64.charCodeAt(i)];
    if (v === undefined || v < 0) throw new Error('Invalid base64 character at ' + i);
    bits = (bits << 6) | v;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[o++] = (bits >> nbits) & 0xff;
    }
  }
  return out;
}

function fromByteArray(bytes) {
  var text = '';
  var i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + BASE64_ALPHABET[(n >> 6) & 63] + BASE64_ALPHABET[n & 63];
  }
  var rest = bytes.length - i;
  if (rest === 1) {
    var a = bytes[i] << 16;
    text += BASE64_ALPHABET[a >> 18] + BASE64_ALPHABET[(a >> 12) & 63] + '==';
  } else if (rest === 2) {
    var b = (bytes[i] << 16) | (bytes[i + 1] << 8);
    text += BASE64_ALPHABET[b >> 18] + BASE64_ALPHABET[(b >> 12) & 63] + BASE64_ALPHABET[(b >> 6) & 63] + '=';
  }
  return text;
}
