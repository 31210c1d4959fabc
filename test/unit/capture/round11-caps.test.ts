/**
 * Capture round 11: messages written wholly in capitals, a Turkish dotted capital I in a name, and a name beside
 * the address that spells it by its initial (test/fixtures/capture-units/round11-caps.json).
 */
import { describeCaptureFamilies } from '../../helpers/capture-families.js';

describeCaptureFamilies('capture round 11: capitals and names', 'round11-caps');
