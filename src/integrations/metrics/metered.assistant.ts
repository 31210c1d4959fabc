/**
 * The assistant seen by the metrics: every reply counted by provider, model and outcome, timed, and its
 * tokens added up. A decorator, so no provider and no service carries metrics code.
 */
import type { Assistant, AssistantTurn, TokenUsage } from '../../llm/assistant.types.js';
import type { AppMetrics } from './app-metrics.js';

export function meterAssistant(assistant: Assistant, metrics: AppMetrics, model: string): Assistant {
  const provider = assistant.kind;
  const labels = { provider, model: provider === 'offline' ? 'offline' : model };
  // Label sets built once: a turn counts up to five series, and spread copies of these were made on each.
  const tokens = {
    prompt: { ...labels, kind: 'prompt' },
    cached: { ...labels, kind: 'cached' },
    output: { ...labels, kind: 'output' },
  };
  const calls = { ok: { ...labels, outcome: 'ok' }, error: { ...labels, outcome: 'error' } };
  const turns = { ok: { provider, outcome: 'ok' }, fallback: { provider, outcome: 'fallback' } };
  return {
    kind: assistant.kind,
    async reply(turn: AssistantTurn, onDelta?: (text: string) => void, onUsage?: (usage: TokenUsage) => void) {
      const stopTimer = provider === 'offline' ? undefined : metrics.llmDuration.startTimer(labels);
      const countUsage = (usage: TokenUsage) => {
        metrics.llmTokens.inc(tokens.prompt, usage.promptTokens);
        metrics.llmTokens.inc(tokens.cached, usage.cachedTokens);
        metrics.llmTokens.inc(tokens.output, usage.outputTokens);
        onUsage?.(usage);
      };
      try {
        const reply = await assistant.reply(turn, onDelta, countUsage);
        metrics.llmCalls.inc(calls.ok);
        metrics.chatTurns.inc(turns.ok);
        return reply;
      } catch (err) {
        metrics.llmCalls.inc(calls.error);
        metrics.chatTurns.inc(turns.fallback);
        throw err;
      } finally {
        stopTimer?.();
      }
    },
  };
}
