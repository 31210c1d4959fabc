import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { describe, it } from 'node:test';
import { parseBusinessHours } from '../../src/config.js';
import { findFreeSlots, isWithinBusinessHours, spellOut } from '../../src/meetings/business-hours.js';
import { detectMeetingIntent, meetingAskOf } from '../../src/meetings/meeting-intent.js';
import { isClearNo, isClearYes, parseMeetingTime } from '../../src/meetings/meeting-time.js';

const KHI = 'Asia/Karachi';

/** `read` answers `want` for each of `texts`. */
function expectEach(read: (text: string) => boolean, want: boolean, texts: string[]): void {
  for (const text of texts) assert.equal(read(text), want, text);
}
// Saturday 21 November 2026, 14:00 in Karachi.
const now = DateTime.fromISO('2026-11-21T14:00:00', { zone: KHI });

function at(text: string, zone = KHI, ref = now): string | undefined {
  const p = parseMeetingTime(text, ref, zone);
  return p?.kind === 'time' ? (p.start.toUTC().toISO() ?? undefined) : p?.kind;
}

describe('reading meeting times in the business zone', () => {
  it('reads the phrasings visitors use', () => {
    assert.equal(at('tomorrow at 3pm'), '2026-11-22T10:00:00.000Z');
    assert.equal(at('can we do next Tuesday 11:30?'), '2026-11-24T06:30:00.000Z');
    assert.equal(at('Dec 25 10am'), '2026-12-25T05:00:00.000Z');
    assert.equal(at('25 Dec 10am'), '2026-12-25T05:00:00.000Z');
    assert.equal(at('15:00 on Friday'), '2026-11-27T10:00:00.000Z');
    assert.equal(at('in two hours'), '2026-11-21T11:00:00.000Z');
    assert.equal(at('Monday at 5'), '2026-11-23T12:00:00.000Z', '"at 5" is 17:00, not 05:00');
  });

  it('never reads a time out of an address, a link or a phone number', () => {
    const tomorrowAt = (hourUtc: number) => `2026-11-22T${String(hourUtc).padStart(2, '0')}:00:00.000Z`;
    const texts = [
      'omar.42396d@example.com tomorrow at 3pm',
      'my number is +44 7911 123456, tomorrow at 3pm',
      'see https://x.example/2026/11/05 and call me tomorrow at 3pm',
    ];
    for (const text of texts) assert.equal(at(text), tomorrowAt(10), text);
    assert.equal(at('0300 1234567 works, Monday at 5'), '2026-11-23T12:00:00.000Z');
    assert.equal(at('2026-11-25 at 10am'), '2026-11-25T05:00:00.000Z', 'a date itself is kept');
  });

  it('respects an explicit zone or offset', () => {
    assert.equal(at('Monday 10am EST'), '2026-11-23T15:00:00.000Z');
    assert.equal(at('2026-11-25T10:00:00+01:00'), '2026-11-25T09:00:00.000Z');
    assert.equal(at('tomorrow 3pm +00:00'), '2026-11-22T15:00:00.000Z');
  });

  it('never picks a time the visitor did not give', () => {
    assert.equal(at('tomorrow'), 'day_only');
    assert.equal(at('yesterday'), 'day_only');
    assert.equal(at('can we meet sometime?'), undefined);
    assert.equal(at('my budget is 5000'), undefined);
    assert.equal(at('call me on 0300 1234567'), undefined);
  });

  it('is right on the days daylight saving time changes', () => {
    // New York falls back on Sunday 1 November 2026 at 02:00 (EDT -4 -> EST -5).
    const ny = DateTime.fromISO('2026-10-31T12:00:00', { zone: 'America/New_York' });
    assert.equal(at('tomorrow at 10am', 'America/New_York', ny), '2026-11-01T15:00:00.000Z');
    assert.equal(at('today at 3pm', 'America/New_York', ny), '2026-10-31T19:00:00.000Z');
    // London springs forward on Sunday 28 March 2027 at 01:00 (GMT -> BST +1).
    const ldn = DateTime.fromISO('2027-03-27T12:00:00', { zone: 'Europe/London' });
    assert.equal(at('tomorrow at 10am', 'Europe/London', ldn), '2027-03-28T09:00:00.000Z');
    // On the change day itself, a time after the change.
    const ldnDay = DateTime.fromISO('2027-03-28T08:00:00', { zone: 'Europe/London' });
    assert.equal(at('at 4pm', 'Europe/London', ldnDay), '2027-03-28T15:00:00.000Z');
  });
});

describe('reading a yes', () => {
  it('accepts clear confirmations only', () => {
    expectEach(isClearYes, true, [
      'yes',
      'Yes!',
      'yes please',
      'ok, book it',
      'Sure, that works',
      'yep',
      'confirm',
      'Yes that time works for me',
    ]);
    expectEach(isClearYes, false, [
      'yesterday',
      'yes, but not Friday',
      'yes I have a question about pricing',
      'no',
      'not sure',
      'maybe',
      'yes at 4pm instead',
      'ok what about Monday',
      '',
    ]);
    assert.equal(isClearNo('no thanks'), true);
    assert.equal(isClearNo('nope'), true);
    assert.equal(isClearNo('notable'), false);
  });
  it('in the other languages whose times are read too', () => {
    expectEach(isClearYes, true, [
      'sí',
      'si, perfecto, gracias',
      'de acuerdo',
      'ja gerne',
      'Ja, passt, danke!',
      "oui d'accord",
      "c'est parfait, merci",
      'sim, pode ser',
      'sì va bene grazie',
      'ja prima',
    ]);
    expectEach(isClearYes, false, [
      'si, pero el viernes no',
      'ja, aber lieber um 15 Uhr',
      'oui mais plutôt jeudi',
      'sim, mas prefiro amanhã',
      'si puede ser otro día',
    ]);
    for (const text of ['nein danke', 'non merci', 'não, obrigado', 'nee, liever niet', 'mejor no'])
      assert.equal(isClearNo(text), true, text);
    assert.equal(isClearNo('nonsense'), false);
  });

  it('hears a meeting asked for in Spanish, French, German, Portuguese, Italian and Dutch', () => {
    expectEach(detectMeetingIntent, true, [
      '¿me pueden llamar mañana?',
      'Können wir einen Termin vereinbaren?',
      'on pourrait fixer un rendez-vous ?',
      'podemos marcar uma reunião na sexta às 11h?',
      'possiamo fissare un appuntamento?',
      'kunnen we morgen om 10 uur bellen?',
    ]);
    expectEach(detectMeetingIntent, false, [
      'no necesito una reunión, solo el precio',
      'bitte nicht anrufen, nur E-Mail',
      "pas besoin d'appel, envoyez-moi un devis",
      'ich habe gestern angerufen',
      'cuánto cuesta una tienda online?',
    ]);
    // Talking, or a call beside "yesterday", is a meeting only at a named time, which the dialogue reads.
    for (const text of [
      'podemos hablar el jueves a las 10?',
      'wann können wir telefonieren?',
      'la llamada de ayer fue útil',
    ])
      assert.equal(meetingAskOf(text), 'if_timed', text);
    for (const text of ['¿qué servicios ofrecen?', 'bitte nicht anrufen, wir sprechen per Mail'])
      assert.equal(meetingAskOf(text), undefined, text);
  });

  it('matches meeting words as whole words', () => {
    expectEach(detectMeetingIntent, true, [
      'Can we book a meeting?',
      'I would like a call',
      'schedule a demo please',
      'can I speak to someone',
      'can we talk tomorrow at 3pm?',
      "let's chat on Friday",
      'are you free to speak at 10?',
      'could we catch up next week',
      'can someone ring me thursday morning?',
      'could you give me a ring tomorrow at 4?',
      'pls phone me on friday at 2pm',
    ]);
    expectEach(detectMeetingIntent, false, [
      'I recall your website',
      'booklet prices?',
      'I do not need a meeting',
      'meetings are boring, no meeting please',
      'callback function',
      'can we talk about pricing?',
      "let's talk about what you need",
      "please don't ring me, email is better",
      'the ring light you sell, is it in stock?',
      'what phone do you recommend for testing?',
    ]);
  });
});

describe('business hours and free slots', () => {
  const rules = { hours: parseBusinessHours('Mon-Fri 09:00-17:00'), zone: KHI, durationMinutes: 30 };

  it('checks that the whole meeting fits in a window', () => {
    const mon10 = DateTime.fromISO('2026-11-23T10:00', { zone: KHI });
    assert.equal(isWithinBusinessHours(mon10, mon10.plus({ minutes: 30 }), rules), true);
    const mon1645 = DateTime.fromISO('2026-11-23T16:45', { zone: KHI });
    assert.equal(isWithinBusinessHours(mon1645, mon1645.plus({ minutes: 30 }), rules), false);
    const sat = DateTime.fromISO('2026-11-21T10:00', { zone: KHI });
    assert.equal(isWithinBusinessHours(sat, sat.plus({ minutes: 30 }), rules), false);
  });

  it('offers the next free slots, skipping weekends and busy times', () => {
    const busy = [{ start: new Date('2026-11-23T04:00:00Z'), end: new Date('2026-11-23T05:00:00Z') }]; // Mon 09:00-10:00 local
    const slots = findFreeSlots(now, busy, rules).map((s) => s.toISO());
    assert.deepEqual(slots, [
      '2026-11-23T10:00:00.000+05:00',
      '2026-11-23T10:30:00.000+05:00',
      '2026-11-23T11:00:00.000+05:00',
    ]);
    assert.equal(
      spellOut(DateTime.fromISO('2026-11-24T15:00', { zone: KHI }), KHI),
      'Tuesday, 24 November 2026 at 15:00 (Asia/Karachi)',
    );
  });

  it('names the time in the visitor zone too when it shows another time', () => {
    // 9 March 2026: New York already on daylight time (-4), London not yet (+0): four hours apart.
    const ldn = DateTime.fromISO('2026-03-09T15:00', { zone: 'Europe/London' });
    assert.equal(
      spellOut(ldn, 'Europe/London', 'America/New_York'),
      'Monday, 9 March 2026 at 15:00 (Europe/London), 11:00 your time (New York)',
    );
    assert.equal(
      spellOut(ldn, 'Europe/London', 'Asia/Tokyo'),
      'Monday, 9 March 2026 at 15:00 (Europe/London), Tuesday 10 March 00:00 your time (Tokyo)',
    );
    assert.equal(spellOut(ldn, 'Europe/London', 'Europe/Dublin'), spellOut(ldn, 'Europe/London'), 'same clock: once');
  });
});
