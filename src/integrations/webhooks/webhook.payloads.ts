/**
 * What each endpoint type receives: a standard endpoint the event body itself; Slack and Discord incoming
 * webhooks a message in their own shape, worded from the event's summary.
 */
import type { LeadEventBody } from '../lead-events.js';
import { summarizeEvent, type EventSummary, type SummaryOptions } from '../event-summary.js';
import type { EndpointType } from './webhook.types.js';

/** Slack's mrkdwn treats these three as control characters; everything else is shown as written. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack: `text` (notifications and old clients) and the same in blocks. */
export function slackMessage(summary: EventSummary): object {
  const details = summary.lines.map(([label, value]) => `*${slackEscape(label)}:* ${slackEscape(value)}`).join('\n');
  const link = `<${summary.leadUrl}|Open the lead>`;
  return {
    text: `${slackEscape(summary.title)}\n${details}\n${link}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: summary.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: (details || '-').slice(0, 3000) } },
      { type: 'section', text: { type: 'mrkdwn', text: link } },
    ],
  };
}

/** Discord: one embed (its limits: title 256, 25 fields of 256/1024); no mention of anyone is ever parsed. */
export function discordMessage(summary: EventSummary, timestamp: string): object {
  return {
    content: summary.title.slice(0, 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: summary.title.slice(0, 256),
        url: summary.leadUrl,
        timestamp,
        fields: summary.lines
          .slice(0, 25)
          .map(([name, value]) => ({ name: name.slice(0, 256), value: value.slice(0, 1024), inline: true })),
      },
    ],
  };
}

/** The request body for an endpoint of `type`: the serialized event itself for a standard endpoint. */
export function payloadFor(type: EndpointType, body: string, options: SummaryOptions): string {
  if (type === 'standard') return body;
  const event = JSON.parse(body) as LeadEventBody;
  const summary = summarizeEvent(event, options);
  return JSON.stringify(type === 'slack' ? slackMessage(summary) : discordMessage(summary, event.timestamp));
}
