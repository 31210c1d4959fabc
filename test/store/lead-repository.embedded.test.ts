/** The LeadRepository contract against the embedded engine: today's JSON-file LeadStore behind the async adapter. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { EmbeddedLeadRepository } from '../../src/store/embedded/lead.repository.embedded.js';
import { describeLeadRepositoryContract } from './lead-repository.contract.js';

describeLeadRepositoryContract({
  name: 'embedded',
  boundsTotals: false,
  async open() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lead-repo-embedded-'));
    const store = await LeadStore.open(dir, createLogger('silent'));
    return {
      repo: new EmbeddedLeadRepository(store),
      close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  },
});
