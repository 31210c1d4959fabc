/** One error type for everything the server can refuse or fail at; the error handler turns it into the envelope. */
export interface FieldError {
  field: string;
  message: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'redis_unavailable'
  | 'llm_unavailable'
  | 'calendar_unavailable'
  | 'storage_unavailable'
  | 'database_unavailable';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  redis_unavailable: 503,
  llm_unavailable: 503,
  calendar_unavailable: 503,
  storage_unavailable: 503,
  database_unavailable: 503,
};

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra `data` for the envelope (e.g. the recorded request on a 503 booking). */
  data?: Record<string, unknown>;
  cause?: unknown;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly data: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
    this.errors = options.errors;
    this.data = options.data;
    this.headers = options.headers;
  }

  get isOperational(): boolean {
    return this.status < 500 || this.status === 503;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function validationError(errors: FieldError[], message = 'Invalid input'): AppError {
  return new AppError('validation_failed', message, { errors });
}
