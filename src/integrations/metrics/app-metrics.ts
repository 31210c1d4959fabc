/**
 * The server's Prometheus metrics (prom-client), one registry per app so that two apps in one process (the
 * tests) never count into each other. Labels are closed sets (route patterns, methods, status classes,
 * provider and model names, outcomes): never a path with an id in it, never prompt text, never personal data.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AppMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly chatTurns: Counter<'provider' | 'outcome'>;
  readonly llmCalls: Counter<'provider' | 'model' | 'outcome'>;
  readonly llmDuration: Histogram<'provider' | 'model'>;
  readonly llmTokens: Counter<'provider' | 'model' | 'kind'>;
  readonly leadsCaptured: Counter<'source'>;
  readonly meetings: Counter<'status'>;
  readonly webhookDeliveries: Counter<'outcome'>;
  readonly mailDeliveries: Counter<'outcome'>;
  readonly dependencyErrors: Counter<'dependency'>;
}

export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  return {
    registry,
    httpRequests: counter('http_requests_total', 'HTTP requests answered, by method, route pattern and status code', [
      'method',
      'route',
      'status',
    ]),
    httpDuration: histogram(
      'http_request_duration_seconds',
      'Time to answer an HTTP request (to the last byte), by method and route pattern',
      ['method', 'route'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    chatTurns: counter(
      'chat_turns_total',
      'Chat turns worded, by provider and outcome (ok, or fallback when the LLM failed)',
      ['provider', 'outcome'],
    ),
    llmCalls: counter(
      'llm_calls_total',
      "LLM replies asked for (one per turn, the provider's retries included), by provider, model and outcome",
      ['provider', 'model', 'outcome'],
    ),
    llmDuration: histogram(
      'llm_call_duration_seconds',
      'Time for the whole LLM reply of a turn (retries included), by provider and model',
      ['provider', 'model'],
      [0.25, 0.5, 1, 2, 4, 8, 15, 25, 40],
    ),
    llmTokens: counter(
      'llm_tokens_total',
      'Tokens the providers reported, by provider, model and kind (prompt, cached, output)',
      ['provider', 'model', 'kind'],
    ),
    leadsCaptured: counter('leads_created_total', 'Leads created, by source (chat, form, api, booking...)', ['source']),
    meetings: counter('meetings_total', 'Meetings by what happened to them (scheduled, requested, cancelled)', [
      'status',
    ]),
    webhookDeliveries: counter('webhook_deliveries_total', 'Webhook delivery attempts by outcome', ['outcome']),
    mailDeliveries: counter('mail_deliveries_total', 'Notification mails by outcome', ['outcome']),
    dependencyErrors: counter(
      'dependency_errors_total',
      'Errors of an outside system (redis, database), as its client reported them',
      ['dependency'],
    ),
  };
}
