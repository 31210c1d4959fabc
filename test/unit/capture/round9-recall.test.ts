/**
 * The recall readings of capture round 9 (the "varied" register: other languages' word order and words for
 * "I am", "I work at", "our shop"), as families in test/fixtures/capture-units/round9-recall.json.
 */
import { describeCaptureFamilies } from '../../helpers/capture-families.js';

describeCaptureFamilies('capture round 9 recall readings', 'round9-recall');
