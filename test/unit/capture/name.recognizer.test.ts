import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNames, readName } from '../../../src/capture/name.recognizer.js';
import { maskLinks, normalizeName } from '../../../src/capture/text.js';
import { pickCandidate } from '../../../src/capture/choose-candidate.js';

function name(text: string, opts: { asked?: boolean; known?: string } = {}): string | undefined {
  const masked = maskLinks(text);
  const found = findNames(text, masked, [], {
    askedForName: opts.asked ?? false,
    knownName: opts.known,
    excluded: new Set(['nora', 'northwind digital']),
  });
  return pickCandidate(masked, found);
}

describe('name recognizer', () => {
  it('capitalises names and keeps deliberate mixed case, particles and titles apart', () => {
    assert.equal(normalizeName('john smith'), 'John Smith');
    assert.equal(normalizeName('OMAR FAROOQ'), 'Omar Farooq');
    assert.equal(normalizeName("o'brien"), "O'Brien");
    assert.equal(normalizeName('mary-jane watson'), 'Mary-Jane Watson');
    assert.equal(normalizeName('McDonald'), 'McDonald');
    assert.equal(normalizeName('élodie'), 'Élodie');
    assert.equal(normalizeName('Dr. Ahmed Raza'), 'Ahmed Raza');
    assert.equal(normalizeName('ludwig VAN beethoven'), 'Ludwig van Beethoven');
  });
  it('refuses what is not a name of one to four words', () => {
    for (const bad of ['', 'A', 'John Paul George Ringo Starr', 'R2D2', 'john@x.com', 'Smith-', 'Ali, Khan']) {
      assert.equal(normalizeName(bad), undefined, bad);
    }
  });
  it('hears many self-introductions', () => {
    const cases: Array<[string, string]> = [
      ["name's Dave Porter, need a quote", 'Dave Porter'],
      ['Name - Priya Raman', 'Priya Raman'],
      ['this is Sara from Karachi', 'Sara'],
      ['Sara Khan here. We need a shop', 'Sara Khan'],
      ['im maria lopez and i need a site', 'Maria Lopez'],
      ['hi im Dana', 'Dana'],
      ['hi, im Dana from Acme - can we talk friday at 11?', 'Dana'],
      ['ok im Tom, need a quote', 'Tom'],
      ['myself Rahul Verma from Pune', 'Rahul Verma'],
      ['hola, soy la Javiera Soto', 'Javiera Soto'],
      ['hi, ich bin der Jonas', 'Jonas'],
      ["bonjour, je m'appelle Youssef El Amrani", 'Youssef El Amrani'],
      ['Merhaba, ben Emre Yılmaz, web sitesi', 'Emre Yılmaz'],
      ['Hi, I am Ahmad Faiz bin Rosli from Rimba Hijau', 'Ahmad Faiz bin Rosli'],
      ['o meu nome é Inês de Almeida e Castro', 'Inês de Almeida e Castro'],
    ];
    for (const [text, want] of cases) assert.equal(name(text), want, text);
  });
  it('reads no name after a German "im" before a month, a season or "Kalender" (all in the name lexicon)', () => {
    for (const text of [
      'Hallo, im August haben wir geschlossen',
      'hallo, im Juli sind wir zu',
      'im April starten wir',
      'Geht es im Mai?',
      'im Winter ist weniger los',
      'Bitte den Termin im Kalender eintragen',
    ])
      assert.equal(name(text), undefined, text);
  });
  it('reads sign-offs, signatures and openers', () => {
    assert.equal(name('Do you do WordPress retainers? Cheers, Tom'), 'Tom');
    assert.equal(
      name('Please send a quote.\n\nMit freundlichen Grüßen\nKlaus Weber\nWeber Logistik GmbH'),
      'Klaus Weber',
    );
    assert.equal(
      name(
        'Exmos. Senhores,\nQueremos um site.\n\nCom os melhores cumprimentos,\n\nAna Rita Carvalho\nDiretora Comercial',
      ),
      'Ana Rita Carvalho',
    );
    assert.equal(name('Marc-André Gagnon | CTO | Voltiq Technologies Inc'), 'Marc-André Gagnon');
    assert.equal(name('can your team call me Sunday? — Tareq'), 'Tareq');
  });
  it('takes a bare answer as the name only when the name was asked for', () => {
    assert.equal(name('priya', { asked: true }), 'Priya');
    assert.equal(name('Sure, Kwame Mensah', { asked: true }), 'Kwame Mensah');
    assert.equal(name('priya'), undefined);
    assert.equal(name('Dubai', { asked: true }), undefined);
  });
  it('reads a fuller name or a corrected spelling after a first one', () => {
    assert.equal(name('Yanis Bühler actually 😅', { known: 'Yanis' }), 'Yanis Bühler');
    assert.equal(name('sorry, I mean Jon', { known: 'John' }), 'Jon');
  });
  it('keeps traps empty: states, roles, places, the assistant, greetings', () => {
    for (const text of [
      "I'm interested in SEO",
      "I'm looking for a redesign",
      "I'm from Dubai",
      'this is urgent',
      "I'm a freelance designer",
      'Thanks, Nora!',
      'I am Karachi based',
      "I'm Brazilian",
      'Grüß Gott,\nwir brauchen eine Website',
    ]) {
      assert.equal(name(text), undefined, text);
    }
  });
  it('reads a name after a lead-in word by word', () => {
    assert.equal(readName('Lucas Ferreira dono da barbearia', 'strict'), 'Lucas Ferreira');
    assert.equal(readName('Karla Méndez de Logística Azteca', 'strict'), 'Karla Méndez');
    assert.equal(readName('ROBERTO GALLI DELLA GALLI TRASPORTI SRL', 'strict'), 'Roberto Galli');
  });
});
