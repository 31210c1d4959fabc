/**
 * Local parts of addresses that name a role, not a person ("order@", "sales@", "bookings@"): the list of the
 * `role-based-email-addresses` package (Mixmax, MIT, ~1,000 prefixes). A role address spells no visitor's name.
 */
import { createRequire } from 'node:module';

const ROLES = new Set(createRequire(import.meta.url)('role-based-email-addresses') as string[]);

/** True when the lower-cased local part is a role's mailbox. */
export function isRoleAddress(local: string): boolean {
  return ROLES.has(local);
}
