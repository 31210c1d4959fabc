/**
 * The OpenAI assistant with its module, and the `openai` package, loaded on its first reply, so that a server
 * on Gemini or offline never loads them: ~4.7 MB of heap that stays alive and that every full garbage
 * collection marks again (a full collection costs in proportion to the live heap: docs/benchmarks.md,
 * "Fifth round").
 */
import type { Assistant } from './assistant.types.js';
import type { OpenAiOptions } from './openai.assistant.js';

export function openAiOnDemand(options: OpenAiOptions): Assistant {
  let loaded: Promise<Assistant> | undefined;
  return {
    kind: 'openai',
    async reply(turn, onDelta, onUsage) {
      loaded ??= import('./openai.assistant.js').then(({ OpenAiAssistant }) => new OpenAiAssistant(options));
      return (await loaded).reply(turn, onDelta, onUsage);
    },
  };
}
