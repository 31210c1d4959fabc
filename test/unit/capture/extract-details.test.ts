import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseName, extractDetails, type BusinessIdentity } from '../../../src/capture/extract-details.js';

const business: BusinessIdentity = {
  emails: ['hello@northwind.example'],
  phones: ['15550100'],
  names: ['northwind digital', 'nora'],
};

describe('extractDetails (the pipeline)', () => {
  it('lets the later correction win within a message', () => {
    const d = extractDetails("my email is a@x.com, sorry, it's actually b@y.com", { defaultCountry: 'US' });
    assert.equal(d.email, 'b@y.com');
  });
  it('keeps labelled fields short', () => {
    const d = extractDetails(`timeline: ${'very '.repeat(40)}soon`, { defaultCountry: undefined });
    assert.ok((d.fields.Timeline ?? '').length <= 100);
  });
  it('keeps a first name said again in full ("im Darren, Darren McAllister"), not a business named after it', () => {
    const read = (text: string, asked?: 'name') => extractDetails(text, { defaultCountry: undefined, asked }).name;
    assert.equal(read('anyway im Darren, Darren McAllister, business is McAllister Plumbing'), 'Darren McAllister');
    assert.equal(read("I'm Liam. Liam O'Connell, I do the books"), "Liam O'Connell");
    assert.equal(read("yeah its Liam, Liam O'Connell", 'name'), "Liam O'Connell");
    assert.equal(read('Hamdan, Hamdan Auto Spa', 'name'), 'Hamdan');
    assert.equal(read("I'm Sara, Sara Bakery is my shop"), 'Sara');
  });
  it('ends a company at "& Co." when a sentence opens after it, and only then', () => {
    const cases: Array<[string, string]> = [
      ['need a quote for a website for my bakery, Crumbs & Co. Im Jess. jess@crumbs.co', 'Crumbs & Co.'],
      ["need a website for my bakery, Crumbs & Co. I'm Jess", 'Crumbs & Co.'],
      ['I work at Peretz & Co. Law Offices', 'Peretz & Co. Law Offices'],
      ['I run a practice in Galway — Ó Briain & Co. Accountants. We need a site', 'Ó Briain & Co. Accountants'],
      ['I run Hafiz & Co Renovation in Leeds', 'Hafiz & Co Renovation'],
      ['I work at Müller Bau GmbH & Co. KG. We need a shop', 'Müller Bau GmbH & Co. KG'],
    ];
    for (const [text, want] of cases)
      assert.equal(extractDetails(text, { defaultCountry: undefined }).company, want, text);
  });
  it('reads nothing from a message without details', () => {
    assert.deepEqual(extractDetails('What are your opening hours?', { defaultCountry: 'PK' }), { fields: {} });
  });
  it("does not take the business's own email, phone or names for the visitor's", () => {
    const d = extractDetails('I wrote to hello@northwind.example and called +1 555 0100, thanks Nora', {
      defaultCountry: 'US',
      business,
    });
    assert.deepEqual(d, { fields: {} });
  });
  it('reads a bare answer as the detail the assistant asked for', () => {
    assert.equal(extractDetails('Priya Raman', { defaultCountry: undefined, asked: 'name' }).name, 'Priya Raman');
    assert.equal(
      extractDetails('Kaffeerösterei Brandt', { defaultCountry: undefined, asked: 'company', known: { name: 'Jonas' } })
        .company,
      'Kaffeerösterei Brandt',
    );
    assert.equal(extractDetails('Velowerk Bern', { defaultCountry: undefined }).name, undefined);
    assert.equal(
      extractDetails('Velowerk Bern', { defaultCountry: undefined, asked: 'company' }).company,
      'Velowerk Bern',
    );
  });
  it('reads a company given where a phone was asked for (the visitor answered the next question)', () => {
    const d = extractDetails('Mateando Shop', {
      defaultCountry: undefined,
      asked: 'phone',
      known: { name: 'Federico Álvarez', email: 'fede@x.com' },
    });
    assert.equal(d.company, 'Mateando Shop');
  });
  it('says when a phone was given that needs a country code', () => {
    assert.equal(extractDetails('my mobile is 0171 2345678', { defaultCountry: undefined }).unreadPhone, true);
    assert.equal(extractDetails('my mobile is 0171 2345678', { defaultCountry: 'DE' }).phone, '+491712345678');
  });
  it('never lets a signature or bare line replace a name given before, unless it is the fuller name', () => {
    const known = { name: 'Jonas' };
    assert.equal(extractDetails('Thanks, Peter', { defaultCountry: undefined, known }).name, undefined);
    assert.equal(
      extractDetails('Jonas Brandt', { defaultCountry: undefined, known, asked: 'email' }).name,
      'Jonas Brandt',
    );
    assert.equal(extractDetails('my name is Peter', { defaultCountry: undefined, known }).name, 'Peter');
  });
  it('keeps the fuller of two forms of a name', () => {
    assert.equal(chooseName('Maria Lopez', 'Maria'), undefined);
    assert.equal(chooseName('Maria', 'Maria Lopez'), 'Maria Lopez');
    assert.equal(chooseName('Maria Lopez', 'Marie Lopez'), 'Marie Lopez');
  });
});
