import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isGivenName, isPersonNameWord } from '../../../src/capture/lexicons/person-names.js';
import { isPlace } from '../../../src/capture/lexicons/places.js';
import { isBusinessKind } from '../../../src/capture/lexicons/business-kinds.js';
import { endsWithLegalForm, isLegalForm } from '../../../src/capture/lexicons/legal-forms.js';
import { isDepartment, isRolePhrase } from '../../../src/capture/lexicons/job-titles.js';
import { PLEASANTRIES_ONLY } from '../../../src/capture/lexicons/words.js';

describe('capture lexicons', () => {
  it('are the committed output of npm run lexicons (built from the data packages)', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { buildAll } = (await import('../../../scripts/build-lexicons.mjs')) as {
      buildAll: () => Record<string, unknown>;
    };
    for (const [file, data] of Object.entries(buildAll())) {
      const committed = readFileSync(new URL(`../../../src/capture/lexicons/${file}`, import.meta.url), 'utf8');
      assert.equal(committed, `${JSON.stringify(data)}\n`, `${file} is stale: run npm run lexicons`);
    }
  });
  it('know names across cultures', () => {
    for (const given of ['priya', 'oluwaseun', 'aisha', 'joão', 'bjørn', 'kwame', 'dmitri'])
      assert.ok(isGivenName(given), given);
    assert.ok(isPersonNameWord('nguyen'));
    assert.ok(!isGivenName('interested'));
  });
  it('know kinds of business in many languages (OpenStreetMap presets), not words for ordinary things', () => {
    for (const kind of [
      'Panadería',
      'autohaus',
      'pékség',
      'tasca',
      'kwiaciarnia',
      'boulangerie',
      'trattoria',
      'bakery',
    ])
      assert.ok(isBusinessKind(kind), kind);
    for (const word of ['casa', 'pan', 'bank', 'the', 'with']) assert.ok(!isBusinessKind(word), word);
  });
  it('know places, legal forms, roles and departments', () => {
    for (const place of ['Dubai', 'Lagos', 'kraków', 'New York', 'Saudi Arabia']) assert.ok(isPlace(place), place);
    assert.ok(!isPlace('Acme'));
    for (const form of ['GmbH', 'S.A.', 'Sp. z o.o.', 'Sdn Bhd', 'AS', 'Ltda'])
      assert.ok(isLegalForm(form.split(' ').pop() ?? form) || endsWithLegalForm(`Acme ${form}`), form);
    assert.ok(!isLegalForm('as'));
    assert.ok(isRolePhrase('Head of E-Commerce') && isRolePhrase('Jefa de Marketing') && isRolePhrase('Projektleiter'));
    assert.ok(!isRolePhrase('Lumen Optique'));
    assert.ok(isDepartment('Global Marketing') && !isDepartment('Lumen Optique'));
  });

  it('tell small talk alone from a message that says something', () => {
    for (const m of [
      'thanks, bye!',
      'ok',
      'Ok cool, thanks :)',
      'hi there',
      'Thank you so much! Have a great day',
      'bye 👋',
      'cheers mate',
      'merci beaucoup',
    ])
      assert.ok(PLEASANTRIES_ONLY.test(m), m);
    for (const m of [
      'no',
      'about 5k',
      'not sure yet',
      'a new website',
      'ok, around 10k',
      'SEO please',
      'later this year',
      'Q3',
      'thanks, Dana',
    ])
      assert.ok(!PLEASANTRIES_ONLY.test(m), m);
  });
});
