import { isUtf8 } from 'node:buffer';

/**
 * Turning a spec file's bytes into text. A spec is UTF-8 without a byte order mark: Node's lenient
 * decoding would silently turn invalid bytes into U+FFFD and a UTF-16 file into noise, so each
 * such problem is found here and reported at its line and column instead.
 */

/** Why a file's content is not UTF-8 text a spec tool reads, located. */
export interface EncodingProblem {
  /** 1-based, as in every diagnostic (columns count UTF-16 code units, as editors do). */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly hint: string;
}

const SAVE_AS_UTF8 =
  'Save the file as UTF-8 without a byte order mark (your editor offers it under "encoding").';

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), if any. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range the first one must be in
    // (excluding overlong forms, UTF-16 surrogates and code points above U+10FFFF).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) count = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      count = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      count = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += count + 1;
  }
  return undefined;
}

/** Line and column of a byte offset, the bytes before it being valid UTF-8. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column =
    Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1;
  return { line, column };
}

/** Decodes strict UTF-8, or says where and why the bytes are not. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: EncodingProblem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      problem: {
        line: 1,
        column: 1,
        reason: 'the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8',
        hint: SAVE_AS_UTF8,
      },
    };
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Byte(bytes) ?? 0;
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    return {
      problem: {
        ...positionOfByte(bytes, offset),
        reason: `not valid UTF-8 at byte offset ${offset} (0x${byte} begins no UTF-8 character)`,
        hint: `${SAVE_AS_UTF8} If the file was not meant to hold this character, delete it.`,
      },
    };
  }
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
}

/**
 * Problems of decoded text that the JSON parser would only call "unexpected character": a byte
 * order mark (which strict JSON tools reject) and NUL characters (a UTF-16 or binary file).
 */
export function textEncodingProblem(
  text: string,
  positionOf: (offset: number) => { line: number; column: number },
): EncodingProblem | undefined {
  if (text.charCodeAt(0) === 0xfeff) {
    return {
      line: 1,
      column: 1,
      reason: 'the file starts with a byte order mark (U+FEFF), which JSON does not allow',
      hint: SAVE_AS_UTF8,
    };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return {
      ...positionOf(nul),
      reason: 'a NUL character (U+0000): the file looks like UTF-16 or binary, not UTF-8 text',
      hint: `${SAVE_AS_UTF8} If the NUL was pasted by accident, delete it.`,
    };
  }
  return undefined;
}
