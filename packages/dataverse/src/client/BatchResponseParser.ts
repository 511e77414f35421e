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
 */
export function parseBatchResponse(contentType: string | null | undefined, body: string): BatchResponseEntry[] {
  const boundary = boundaryOf(contentType) ?? firstDelimiter(body);
  if (!boundary) throw new Error('The $batch response has no multipart boundary');
  return splitMultipart(body, boundary).map((partText) => {
    const { headers, content } = splitHeaders(partText);
    const type = headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type) ?? firstDelimiter(content);
      const responses = inner
        ? splitMultipart(content, inner).map((innerText) => {
            const innerPart = splitHeaders(innerText);
            return parseHttpResponse(innerPart.content, innerPart.headers['content-id']);
          })
        : [];
      return { kind: 'changeSet', responses };
    }
    return { kind: 'response', response: parseHttpResponse(content, headers['content-id']) };
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

/** Whether `text[from, to)` is blank (whitespace only), as `line.trim() === ''` says of a line. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    // Space, tab, CR and the other ASCII whitespace; anything else (rare) is asked of `trim`.
    if (code === 32 || (code >= 9 && code <= 13)) continue;
    if (code < 128) return false;
    return text.slice(i, to).trim() === '';
  }
  return true;
}

/**
 * The parts between `--boundary` lines, up to `--boundary--` (or the end when it is missing), with their line ends as
 * they came (LF or CRLF). One scan of the body by offsets, from delimiter to delimiter: only the parts are cut out.
 */
function splitMultipart(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
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
    const line = text.slice(at, end).trimEnd();
    const closing = line === `${delimiter}--`;
    if (closing || line === delimiter) {
      if (partStart !== -1) parts.push(at > partStart ? text.slice(partStart, at - 1) : '');
      if (closing) return parts;
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

/** Splits MIME headers (lower-cased names) from the content after the first blank line (a line's `\r` is blank). */
function splitHeaders(text: string): { headers: Record<string, string>; content: string } {
  let at = 0;
  // Skip blank lines before the headers (some writers put a CRLF right after the delimiter).
  while (at < text.length) {
    const end = lineEnd(text, at);
    if (!isBlank(text, at, end)) break;
    at = end + 1;
  }
  const headers: Record<string, string> = {};
  while (at < text.length) {
    const end = lineEnd(text, at);
    if (isBlank(text, at, end)) {
      at = end + 1;
      break;
    }
    const colon = text.indexOf(':', at);
    if (colon > at && colon < end) headers[headerName(text.slice(at, colon))] = text.slice(colon + 1, end).trim();
    at = end + 1;
  }
  return { headers, content: at < text.length ? text.slice(at) : '' };
}

/**
 * Header names as they came → trimmed and in lower case, made once per spelling: every part of every response has
 * the same few (`Content-Type`, `OData-EntityId`, `ETag`), each lower-cased afresh before. Bounded.
 */
const headerNames = new Map<string, string>();

function headerName(raw: string): string {
  let name = headerNames.get(raw);
  if (name === undefined) {
    name = raw.trim().toLowerCase();
    if (headerNames.size < 1_000) headerNames.set(raw, name);
  }
  return name;
}

function parseHttpResponse(text: string, contentId: string | undefined): BatchResponsePart {
  let at = 0;
  let end = lineEnd(text, at);
  while (at < text.length && isBlank(text, at, end)) {
    at = end + 1;
    end = lineEnd(text, at);
  }
  const statusLine = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/i.exec(at < text.length ? text.slice(at, end).trim() : '');
  if (!statusLine) throw new Error(`Malformed $batch part: no HTTP status line in ${JSON.stringify(text.slice(0, 80))}`);
  const rest = splitHeaders(end < text.length ? text.slice(end + 1) : '');
  const part: BatchResponsePart = { status: Number(statusLine[1]), statusText: statusLine[2] ?? '', headers: rest.headers, bodyText: withLf(rest.content.trim()) };
  // Set, not spread in (`...(cond ? {…} : {})`): one part per operation of every batch.
  if (contentId !== undefined) part.contentId = contentId;
  return part;
}
