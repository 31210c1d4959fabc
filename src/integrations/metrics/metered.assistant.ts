/**
 * The assistant seen by the metrics: every reply counted by provider, model and outcome, timed, and its
 * tokens added up. A decorator, so no provider and no service carries metrics code.
 */
import type { Assistant, AssistantTurn, TokenUsage } from '../../llm/assistant.types.js';
import type { AppMetrics } from './app-metrics.js';

export function meterAssistant(assistant: Assistant, metrics: AppMetrics, model: string): Assistant {
  const provider = assistant.kind;
  const labels = { provider, model: provider === 'offline' ? 'offline' : model };
  return {
    kind: assistant.kind,
    async reply(turn: AssistantTurn, onDelta?: (text: string) => void, onUsage?: (usage: TokenUsage) => void) {
      const stopTimer = provider === 'offline' ? undefined : metrics.llmDuration.startTimer(labels);
      const countUsage = (usage: TokenUsage) => {
        metrics.llmTokens.inc({ ...labels, kind: 'prompt' }, usage.promptTokens);
        metrics.llmTokens.inc({ ...labels, kind: 'cached' }, usage.cachedTokens);
        metrics.llmTokens.inc({ ...labels, kind: 'output' }, usage.outputTokens);
        onUsage?.(usage);
      };
      try {
        const reply = await assistant.reply(turn, onDelta, countUsage);
        metrics.llmCalls.inc({ ...labels, outcome: 'ok' });
        metrics.chatTurns.inc({ provider, outcome: 'ok' });
        return reply;
      } catch (err) {
        metrics.llmCalls.inc({ ...labels, outcome: 'error' });
        metrics.chatTurns.inc({ provider, outcome: 'fallback' });
        throw err;
      } finally {
        stopTimer?.();
      }
    },
  };
}
