/**
 * Capture round 11: a business named in apposition after a word for its kind in lower case, and the extent of
 * names (legal forms of several words, "and son(s)", abbreviations' dots), as families in
 * test/fixtures/capture-units/round11-kind.json.
 */
import { describeCaptureFamilies } from '../../helpers/capture-families.js';

describeCaptureFamilies('capture round 11: kinds of business in apposition and the extent of names', 'round11-kind');
