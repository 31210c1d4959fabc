/** The one JSON envelope every response uses. */
import type { Response } from 'express';

export interface Envelope<T> {
  status: 'success' | 'error';
  data: T | null;
  message: string;
  timestamp: string;
}

export function envelope<T>(status: 'success' | 'error', data: T | null, message: string): Envelope<T> {
  return { status, data, message, timestamp: new Date().toISOString() };
}

export function sendSuccess<T>(res: Response, data: T, message = 'OK', httpStatus = 200): void {
  res.status(httpStatus).json(envelope('success', data, message));
}
