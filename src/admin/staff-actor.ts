/**
 * Who is doing something on the admin side, for the record (`by` in a lead's activity) and for what a role
 * may do. A machine with the API key, or the page signed in with the key, acts as "api key" with the admin
 * role; a staff account acts under its email with its own role.
 */
import type { Response } from 'express';

export const STAFF_ROLES = ['admin', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffActor {
  /** Shown as `by` in a lead's activity: the account's email, or "api key". */
  by: string;
  role: StaffRole;
  /** A staff account's id and display name (absent for the API key). */
  accountId?: string;
  name?: string;
}

export const API_KEY_ACTOR: StaffActor = Object.freeze({ by: 'api key', role: 'admin' });

/** The actor the admin router resolved for this request (the API key's when none was set). */
export function actorOf(res: Response): StaffActor {
  const actor = (res.locals as { actor?: StaffActor }).actor;
  return actor ?? API_KEY_ACTOR;
}
