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

/** The parts between `--boundary` lines, up to `--boundary--` (or the end when it is missing). */
function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter) {
      if (current) parts.push(current.join('\n'));
      current = [];
    } else if (trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join('\n'));
      current = undefined;
      break;
    } else if (current) {
      current.push(line);
    }
  }
  if (current && current.some((l) => l.trim() !== '')) parts.push(current.join('\n'));
  return parts;
}

/** Splits MIME headers (lower-cased names) from the content after the first blank line. */
function splitHeaders(text: string): { headers: Record<string, string>; content: string } {
  const lines = text.split('\n');
  let index = 0;
  // Skip blank lines before the headers (some writers put a CRLF right after the delimiter).
  while (index < lines.length && lines[index]!.trim() === '') index += 1;
  const headers: Record<string, string> = {};
  for (; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index += 1;
      break;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, content: lines.slice(index).join('\n') };
}

function parseHttpResponse(text: string, contentId: string | undefined): BatchResponsePart {
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length && lines[index]!.trim() === '') index += 1;
  const statusLine = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/i.exec((lines[index] ?? '').trim());
  if (!statusLine) throw new Error(`Malformed $batch part: no HTTP status line in ${JSON.stringify(text.slice(0, 80))}`);
  const rest = splitHeaders(lines.slice(index + 1).join('\n'));
  return {
    status: Number(statusLine[1]),
    statusText: statusLine[2] ?? '',
    headers: rest.headers,
    bodyText: rest.content.trim(),
    ...(contentId !== undefined ? { contentId } : {}),
  };
}
