/** A turn's facts with nothing known about the visitor and no meeting: for tests and benches of the prompt. */
import type { DateTime } from 'luxon';
import type { BusinessProfile } from '../../src/business/business-profile.js';
import { emptyDetails } from '../../src/leads/lead.types.js';
import type { TurnFacts } from '../../src/llm/assistant.types.js';

export function blankTurnFacts(now: DateTime, profile = {} as BusinessProfile): TurnFacts {
  return {
    now,
    profile,
    visitor: emptyDetails(),
    missing: [],
    captured: [],
    capturedFields: [],
    meeting: undefined,
    firstTurn: false,
    missingQualification: [],
    unreadPhone: false,
  };
}
