import type { TestEmulator } from './helpers';

/** One operation of a `$batch` built by `postBatch`. */
export interface BatchPart {
  method: string;
  url: string;
  body?: unknown;
  contentId?: string;
  headers?: Record<string, string>;
}

/** One operation's answer inside a `$batch` response (change set parts flattened). */
export interface BatchPartAnswer {
  status: number;
  contentId?: string;
  headers: string;
  body: string;
}

/** Builds a `$batch` body: each item is one operation or an array (a change set); `eol` ends its lines. */
export function batchBody(boundary: string, items: (BatchPart | BatchPart[])[], eol = '\r\n'): string {
  const lines: string[] = [];
  const writePart = (part: BatchPart): void => {
    lines.push('Content-Type: application/http', 'Content-Transfer-Encoding: binary');
    if (part.contentId) lines.push(`Content-ID: ${part.contentId}`);
    lines.push('', `${part.method} ${part.url} HTTP/1.1`);
    for (const [name, value] of Object.entries(part.headers ?? {})) lines.push(`${name}: ${value}`);
    if (part.body !== undefined) lines.push('Content-Type: application/json; type=entry', '', JSON.stringify(part.body));
    else lines.push('');
  };
  items.forEach((item, index) => {
    lines.push(`--${boundary}`);
    if (Array.isArray(item)) {
      lines.push(`Content-Type: multipart/mixed; boundary="changeset_${index}"`, '');
      for (const part of item) {
        lines.push(`--changeset_${index}`);
        writePart(part);
      }
      lines.push(`--changeset_${index}--`);
    } else writePart(item);
  });
  lines.push(`--${boundary}--`, '');
  return lines.join(eol);
}

/** Splits a `multipart/mixed` batch response into its operations' answers. */
export function parseBatchAnswer(contentType: string, text: string): BatchPartAnswer[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1]!;
  const results: BatchPartAnswer[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1, -1)) {
    const inner = /boundary=(changesetresponse_[^\r\n]+)/.exec(chunk);
    const pieces = inner ? chunk.split(`--${inner[1]}`).slice(1, -1) : [chunk];
    for (const piece of pieces) {
      const status = Number(/HTTP\/1\.1 (\d{3})/.exec(piece)![1]);
      const contentId = /Content-ID: (\S+)/.exec(piece)?.[1];
      const afterStatus = piece.slice(piece.indexOf('HTTP/1.1'));
      const split = afterStatus.indexOf('\r\n\r\n');
      results.push({ status, ...(contentId ? { contentId } : {}), headers: afterStatus.slice(0, split), body: afterStatus.slice(split + 4).trim() });
    }
  }
  return results;
}

/** POSTs a `$batch` and returns its status, content type, text and (for a multipart answer) its parts. */
export async function postBatch(
  t: TestEmulator,
  items: (BatchPart | BatchPart[])[],
  headers: Record<string, string> = {},
  eol?: string,
): Promise<{ status: number; contentType: string; text: string; parts: BatchPartAnswer[] }> {
  const boundary = 'batch_helper';
  const response = await t.api('$batch', {
    method: 'POST',
    body: batchBody(boundary, items, eol),
    headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}`, ...headers },
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, text, parts: contentType.startsWith('multipart') ? parseBatchAnswer(contentType, text) : [] };
}
