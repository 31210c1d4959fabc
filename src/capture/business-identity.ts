/** The business's own details as the extractor needs them, so a visitor quoting them back is not read as giving their own. */
import type { BusinessProfile } from '../business/business-profile.js';
import type { BusinessIdentity } from './extract-details.js';

export function businessIdentityOf(profile: BusinessProfile): BusinessIdentity {
  const phone = profile.contact.phone.replace(/\D/g, '');
  return {
    emails: profile.contact.email ? [profile.contact.email.trim().toLowerCase()] : [],
    phones: phone ? [phone] : [],
    names: [profile.name, profile.assistantName].filter(Boolean).map((n) => n.trim().toLowerCase()),
  };
}
