import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectGarbage, releaseUnusedHeap } from '../../src/infra/heap-collector.js';

const youngGenerationMb = () =>
  (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 1048576;

it('gives back the young generation a busy thread grew', () => {
  // Objects that outlive a few young collections make V8 grow the young generation (as a server's turns in
  // flight do); a plain full collection keeps it, the release hands it back.
  let inFlight: object[][] = [];
  for (let round = 0; round < 200; round++) {
    inFlight.push(Array.from({ length: 20_000 }, (_, i) => ({ i, text: `x${i}` })));
    if (inFlight.length > 20) inFlight.shift();
  }
  inFlight = [];
  collectGarbage();
  const grown = youngGenerationMb();
  assert.ok(grown >= 16, `the young generation did not grow: ${grown} MB`);
  releaseUnusedHeap();
  assert.ok(youngGenerationMb() <= grown / 4, `${grown} MB → ${youngGenerationMb()} MB`);
  assert.equal(inFlight.length, 0);
});
