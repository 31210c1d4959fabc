/** Every durable store's contract (logs, calendar tokens, meeting links, reports, staff accounts, settings) against one engine. */
import { describeConversationLogContract } from './conversation-log.contract.js';
import type { DurableStoresEngine } from './durable-stores.engines.js';
import { describeGoogleTokenContract } from './google-token.contract.js';
import { describeMeetingLinkContract } from './meeting-link.contract.js';
import { describeReportContract } from './report.contract.js';
import { describeStaffAccountContract } from './staff-account.contract.js';
import { describeSettingsContract } from './settings.contract.js';

/** Call inside a describe block: the engine's hooks are registered once for all the contracts. */
export function describeDurableStoreContracts(engine: DurableStoresEngine): void {
  engine.hooks?.();
  describeConversationLogContract(engine);
  describeGoogleTokenContract(engine);
  describeMeetingLinkContract(engine);
  describeReportContract(engine);
  describeStaffAccountContract(engine);
  describeSettingsContract(engine);
}
