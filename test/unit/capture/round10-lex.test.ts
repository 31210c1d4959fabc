/**
 * Capture round 10: names that a word for a kind of business (the OpenStreetMap presets' lexicon) heads or
 * ends, as families in test/fixtures/capture-units/round10-lex.json.
 */
import { describeCaptureFamilies } from '../../helpers/capture-families.js';

describeCaptureFamilies('capture round 10: names a word for a kind of business heads or ends', 'round10-lex');
