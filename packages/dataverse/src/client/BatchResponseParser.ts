import { plainObjects } from '@tandem/core';

/** One HTTP response found inside a `$batch` response. */
export interface BatchResponsePart {
  status: number;
  statusText: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  bodyText: string;
  /** The part's `Content-ID` (change-set operations). */
  contentId?: string;
}

/** A top-level part of a `$batch` response: one response, or a change set's responses. */
export type BatchResponseEntry =
  | { kind: 'response'; response: BatchResponsePart }
  | { kind: 'changeSet'; responses: BatchResponsePart[] };

/** Reads the `boundary` parameter of a `multipart/*` content type (quoted or not). */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Parses a `multipart/mixed` `$batch` response into its parts, in order. Tolerant like the clients that talk to the
 * real service: LF or CRLF line ends, quoted or unquoted boundaries (taken from the body's first line when the
 * header has none), header-name case, a missing closing delimiter, and a failed change set returned either as a
 * nested multipart holding only the failing response (what Dataverse does) or as one `application/http` part (OData).
 * A part is read by offsets into its text: only its header values and body are cut out (this runs for every operation
 * of every batch).
 */
export function parseBatchResponse(contentType: string | null | undefined, body: string): BatchResponseEntry[] {
  const boundary = boundaryOf(contentType) ?? firstDelimiter(body);
  if (!boundary) throw new Error('The $batch response has no multipart boundary');
  return splitMultipart(body, boundary).map((partText) => {
    const { headers, contentStart } = splitHeaders(partText, 0);
    const type = headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const content = contentStart < partText.length ? partText.slice(contentStart) : '';
      const inner = boundaryOf(type) ?? firstDelimiter(content);
      const responses = inner
        ? splitMultipart(content, inner).map((innerText) => {
            const innerPart = splitHeaders(innerText, 0);
            return parseHttpResponse(innerText, innerPart.contentStart, innerPart.headers['content-id']);
          })
        : [];
      return { kind: 'changeSet', responses };
    }
    return { kind: 'response', response: parseHttpResponse(partText, contentStart, headers['content-id']) };
  });
}

function firstDelimiter(body: string): string | undefined {
  const line = body.split(/\r?\n/).find((l) => l.trim() !== '');
  return line && line.startsWith('--') ? line.trim().slice(2) : undefined;
}

/**
 * `text` with CRLF line ends as LF. Only a part's body is converted: the scans below read lines on `\n` and take a
 * line's `\r` as trailing blank, so the whole response is never copied to drop its CRs.
 */
function withLf(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** The end of the line starting at `from` (its `\n`, or the end of the text). */
function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** Space, tab, CR, LF and the other ASCII whitespace (what `trim` takes away below code 128). */
function isAsciiBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** Whether `text[from, to)` is blank (whitespace only), as `line.trim() === ''` says of a line. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    // Anything else than ASCII whitespace below 128 is not blank; above (rare), `trim` is asked.
    if (isAsciiBlank(code)) continue;
    if (code < 128) return false;
    return text.slice(i, to).trim() === '';
  }
  return true;
}

/** `text.slice(from, to).trim()`, cut out once: its ends are found in place (`trim` is asked only past ASCII). */
function trimmedSlice(text: string, from: number, to: number): string {
  let start = from;
  let end = Math.min(to, text.length);
  while (start < end && isAsciiBlank(text.charCodeAt(start))) start += 1;
  while (end > start && isAsciiBlank(text.charCodeAt(end - 1))) end -= 1;
  if (start < end && (text.charCodeAt(start) >= 128 || text.charCodeAt(end - 1) >= 128)) return text.slice(start, end).trim();
  return text.slice(start, end);
}

/**
 * Whether the line `text[at, end)`, which starts with `delimiter`, is a delimiter line (`part`) or the closing one —
 * what the line without its trailing blanks says — read in place.
 */
function delimiterLine(text: string, at: number, end: number, delimiter: string, endsBlank: boolean): 'part' | 'closing' | undefined {
  // A boundary ending in a blank (quoted, against RFC 2046) would lose it to the trim: the line is cut out then.
  if (endsBlank) {
    const line = text.slice(at, end).trimEnd();
    return line === delimiter ? 'part' : line === `${delimiter}--` ? 'closing' : undefined;
  }
  const after = at + delimiter.length;
  if (text.startsWith('--', after) && isBlank(text, after + 2, end)) return 'closing';
  return isBlank(text, after, end) ? 'part' : undefined;
}

/**
 * The parts between `--boundary` lines, up to `--boundary--` (or the end when it is missing), with their line ends as
 * they came (LF or CRLF). One scan of the body by offsets, from delimiter to delimiter: only the parts are cut out.
 */
function splitMultipart(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const endsBlank = /\s$/.test(delimiter);
  const parts: string[] = [];
  // Where the current part's first line starts; -1 before the first delimiter.
  let partStart = -1;
  // From one occurrence of the delimiter to the next (those that start a line), not line by line.
  for (let from = 0; ; ) {
    const at = text.indexOf(delimiter, from);
    if (at === -1) break;
    if (at > 0 && text.charCodeAt(at - 1) !== 10 /* \n */) {
      from = at + 1;
      continue;
    }
    const end = lineEnd(text, at);
    const line = delimiterLine(text, at, end, delimiter, endsBlank);
    if (line !== undefined) {
      if (partStart !== -1) parts.push(at > partStart ? text.slice(partStart, at - 1) : '');
      if (line === 'closing') return parts;
      partStart = end + 1;
    }
    if (end === text.length) break;
    from = end + 1;
  }
  if (partStart !== -1 && partStart <= text.length) {
    const last = text.slice(partStart);
    if (!isBlank(last, 0, last.length)) parts.push(last);
  }
  return parts;
}

/**
 * The objects a part's headers are made of (core's `plainObjects`): `{}` to anyone who looks, with room for more
 * than a `{}`'s 4 properties — a write's answer has 5 headers (a property array more per operation of every batch).
 */
const PartHeaders = plainObjects() as new () => Record<string, string>;

/**
 * Splits MIME headers (lower-cased names) starting at `from` from the content after the first blank line (a line's
 * `\r` is blank): the headers, and where the content starts (past the end when there is none).
 */
function splitHeaders(text: string, from: number): { headers: Record<string, string>; contentStart: number } {
  let at = from;
  // Skip blank lines before the headers (some writers put a CRLF right after the delimiter).
  while (at < text.length) {
    const end = lineEnd(text, at);
    if (!isBlank(text, at, end)) break;
    at = end + 1;
  }
  const headers = new PartHeaders();
  while (at < text.length) {
    const end = lineEnd(text, at);
    if (isBlank(text, at, end)) {
      at = end + 1;
      break;
    }
    const colon = text.indexOf(':', at);
    if (colon > at && colon < end) {
      const known = knownSpelling(text, at, colon);
      headers[known ? known.name : headerNameAt(text, at, colon)] = known ? knownValue(known, text, colon + 1, end) : trimmedSlice(text, colon + 1, end);
    }
    at = end + 1;
  }
  return { headers, contentStart: at };
}

/**
 * A copy of `text` that does not keep the string it was cut from alive: V8 makes a cut of 13 characters or more a
 * view of its source, and a cut kept by a module-level cache would hold a whole response text.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * Header names as they came → trimmed and in lower case, made once per spelling: every part of every response has
 * the same few (`Content-Type`, `OData-EntityId`, `ETag`), each lower-cased afresh before. The first spellings are
 * recognised in place, without cutting the name out of the text. Bounded.
 */
const spellings: Spelling[] = [];
const headerNames = new Map<string, string>();

/**
 * A header name as it came, its name, and the first value it came with (detached): most headers of a batch's parts
 * have one value in every part (`Content-Type`, `OData-Version`, `Preference-Applied`), taken from here without
 * cutting it out again.
 */
interface Spelling {
  raw: string;
  name: string;
  value?: string;
}

/** The known spelling at `text[from, to)`, if it is one. */
function knownSpelling(text: string, from: number, to: number): Spelling | undefined {
  for (let at = 0; at < spellings.length; at++) {
    const known = spellings[at]!;
    if (known.raw.length === to - from && text.startsWith(known.raw, from)) return known;
  }
  return undefined;
}

/** `trimmedSlice(text, from, to)` of a known header: its first value again when the text has that, not a new cut. */
function knownValue(known: Spelling, text: string, from: number, to: number): string {
  let start = from;
  let end = Math.min(to, text.length);
  while (start < end && isAsciiBlank(text.charCodeAt(start))) start += 1;
  while (end > start && isAsciiBlank(text.charCodeAt(end - 1))) end -= 1;
  // The first value is trimmed: a text equal to it has no blank at either end to trim.
  const first = known.value;
  if (first !== undefined && first.length === end - start && text.startsWith(first, start)) return first;
  const value = trimmedSlice(text, start, end);
  known.value ??= detached(value);
  return value;
}

/** `text.slice(from, to)` trimmed and in lower case (a name `knownSpelling` did not know). */
function headerNameAt(text: string, from: number, to: number): string {
  const raw = text.slice(from, to);
  let name = headerNames.get(raw);
  if (name === undefined) {
    name = raw.trim().toLowerCase();
    if (spellings.length < 32) spellings.push({ raw: detached(raw), name });
    else if (headerNames.size < 1_000) headerNames.set(detached(raw), name);
  }
  return name;
}

/** The status line last read (detached), with what it says: every part of a batch of creates has the same. */
let lastStatus: { line: string; status: number; statusText: string } | undefined;

/** The status of the trimmed line `text[from, to)`, or undefined when it is no HTTP status line. */
function statusAt(text: string, from: number, to: number): { status: number; statusText: string } | undefined {
  const last = lastStatus;
  // The same text as the last line (which is trimmed) and blanks after it: the same trimmed line.
  if (last && text.startsWith(last.line, from) && isBlank(text, from + last.line.length, to)) return last;
  const line = from < text.length ? detached(text.slice(from, to).trim()) : '';
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/i.exec(line);
  if (!match) return undefined;
  lastStatus = { line, status: Number(match[1]), statusText: match[2] ?? '' };
  return lastStatus;
}

/** The HTTP response in `text` from `from` on (an `application/http` part's content). */
function parseHttpResponse(text: string, from: number, contentId: string | undefined): BatchResponsePart {
  let at = from;
  let end = lineEnd(text, at);
  while (at < text.length && isBlank(text, at, end)) {
    at = end + 1;
    end = lineEnd(text, at);
  }
  const status = statusAt(text, at, end);
  if (!status) throw new Error(`Malformed $batch part: no HTTP status line in ${JSON.stringify(text.slice(from, from + 80))}`);
  const rest = splitHeaders(text, end < text.length ? end + 1 : text.length);
  const bodyText = rest.contentStart < text.length ? trimmedSlice(text, rest.contentStart, text.length) : '';
  const part: BatchResponsePart = { status: status.status, statusText: status.statusText, headers: rest.headers, bodyText: withLf(bodyText) };
  // Set, not spread in (`...(cond ? {…} : {})`): one part per operation of every batch.
  if (contentId !== undefined) part.contentId = contentId;
  return part;
}
