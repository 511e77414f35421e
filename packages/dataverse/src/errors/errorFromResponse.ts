import { PlatformErrorCodes } from './PlatformErrorCodes';
import { DataverseMessages } from './DataverseMessages';
import { parseRetryAfter } from './parseRetryAfter';
import {
  DataverseAuthError,
  DataverseConflictError,
  DataverseDuplicateRecordError,
  DataverseNotFoundError,
  DataverseRequestError,
  DataverseThrottledError,
  DataverseTransientError,
  DataverseValidationError,
  type DataverseError,
  type DataverseErrorDetails,
} from './DataverseErrors';

/** The parts of an HTTP response an error is built from (a real `Response` or a `$batch` part). */
export interface ErrorResponseParts {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null | undefined;
  /** The response body as text (may be empty). */
  bodyText: string;
}

/** Statuses that are worth retrying as they are: the service was momentarily unavailable. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Reads `{ error: { code, message } }` from a Dataverse error body; tolerates non-JSON bodies. */
export function parseErrorBody(bodyText: string): { code: string; message: string } {
  const text = bodyText.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (parsed && typeof parsed === 'object' && parsed.error && typeof parsed.error === 'object') {
        return {
          code: typeof parsed.error.code === 'string' ? parsed.error.code : '',
          message: typeof parsed.error.message === 'string' ? parsed.error.message : '',
        };
      }
    } catch {
      // not JSON after all: fall through
    }
  }
  return { code: '', message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}

/**
 * Turns a failed response into the matching typed error: `429` throttled, `502/503/504` transient, `412`/`409`
 * conflict (`0x80040237` duplicate record), `404` not found, `401/403` auth, `400/405/413/422` validation, anything
 * else a generic request error. The message is `"<service message> (<status> <code>; <METHOD path>)"`.
 */
export function errorFromResponse(response: ErrorResponseParts, request: string): DataverseError {
  const { code, message } = parseErrorBody(response.bodyText);
  const status = response.status;
  const serviceRequestId =
    response.header('x-ms-service-request-id') ?? response.header('REQ_ID') ?? undefined;
  const details: DataverseErrorDetails = { platformCode: code, status, request, serviceRequestId };
  const fix = DataverseMessages.fixForStatus(status);
  const text = `${message || defaultMessage(status)} (HTTP ${status}${code ? ` ${code}` : ''}; ${request})${fix ? `. ${fix}` : ''}`;

  if (status === 429) {
    return new DataverseThrottledError(text, { ...details, retryAfterMs: parseRetryAfter(response.header('retry-after')) });
  }
  if (TRANSIENT_STATUSES.has(status)) return new DataverseTransientError(text, details);
  if (status === 412 || status === 409) {
    if (code.toLowerCase() === PlatformErrorCodes.DuplicateRecord) return new DataverseDuplicateRecordError(text, details);
    return new DataverseConflictError(text, details);
  }
  if (status === 404) return new DataverseNotFoundError(text, details);
  if (status === 401 || status === 403) return new DataverseAuthError(text, details);
  if (status === 400 || status === 405 || status === 413 || status === 422) return new DataverseValidationError(text, details);
  if (status >= 500) return new DataverseRequestError(text, details);
  return new DataverseRequestError(text, details);
}

function defaultMessage(status: number): string {
  switch (status) {
    case 400: return 'Bad request';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'Not found';
    case 412: return 'Precondition failed';
    case 429: return 'Too many requests';
    case 503: return 'Service unavailable';
    case 504: return 'Gateway timeout';
    default: return `Request failed`;
  }
}
