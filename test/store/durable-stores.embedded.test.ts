/** The durable stores' contracts (logs, calendar tokens, meeting links, reports) against the embedded files. */
import { describe } from 'node:test';
import { describeDurableStoreContracts } from './durable-stores.contracts.js';
import { embeddedEngine } from './durable-stores.engines.js';

describe('durable stores: embedded files', () => describeDurableStoreContracts(embeddedEngine()));
