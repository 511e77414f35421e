import { randomUUID } from 'node:crypto';
import type { ApiResponse } from '../server/ApiMessages';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Unknown';
}

/** A response of one batch operation, with the Content-ID of its request. */
export interface BatchPartResponse {
  response: ApiResponse;
  contentId?: string;
}

export type BatchResponseItem = { kind: 'operation'; part: BatchPartResponse } | { kind: 'changeSet'; parts: BatchPartResponse[] };

/**
 * Writes the `multipart/mixed` batch response (CRLF line ends, server-made `batchresponse_<guid>` boundary, nested
 * `changesetresponse_<guid>` for change sets; a failed change set holds only the failing operation's response).
 */
export function writeBatchResponse(items: BatchResponseItem[]): { contentType: string; body: string } {
  const boundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  for (const item of items) {
    out.push(`--${boundary}`);
    if (item.kind === 'operation') {
      writePart(out, item.part);
    } else {
      const changeSet = `changesetresponse_${randomUUID()}`;
      out.push(`Content-Type: multipart/mixed; boundary=${changeSet}`, '');
      for (const part of item.parts) {
        out.push(`--${changeSet}`);
        writePart(out, part);
      }
      out.push(`--${changeSet}--`);
    }
  }
  out.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: out.join('\r\n') };
}

function writePart(out: string[], part: BatchPartResponse): void {
  out.push('Content-Type: application/http', 'Content-Transfer-Encoding: binary');
  if (part.contentId !== undefined) out.push(`Content-ID: ${part.contentId}`);
  out.push('');
  const { response } = part;
  out.push(`HTTP/1.1 ${response.status} ${statusText(response.status)}`);
  for (const [name, value] of Object.entries(response.headers)) {
    const headerValue = name.toLowerCase() === 'content-type' && value.startsWith('application/json') ? `${value}; odata.streaming=true` : value;
    out.push(`${name}: ${headerValue}`);
  }
  out.push('');
  out.push(response.body ?? '');
}
