// For the spam unit tests: a small classifier trained on a few examples of each kind, each `times` times, and the
// legitimate comments of a small gardening site of our own making, whose readers talk about its articles.
import { type Label, SpamClassifier } from './classifier.js';

export function trainedOn(examples: readonly (readonly [string, Label])[], times: number): SpamClassifier {
  const c = new SpamClassifier({ params: { alpha: 1 } });
  for (let i = 0; i < times; i++) for (const [text, label] of examples) c.train(text, label);
  return c;
}

export const GARDENING_HAM: readonly string[] = [
  'The tomatoes in the raised beds did well this year, thanks to the mulch tip',
  'Our allotment tomatoes split after the heavy rain, any advice on watering?',
  'I tried the compost method from the article and the beds are much richer now',
  'Great piece on raised beds, we built two last spring and the soil stays warm',
  'Mulch saved my courgettes during the dry spell, thanks for the article',
  'How deep should the raised beds be for carrots? Ours are only 20 cm',
  'The compost heap finally got hot after adding the grass cuttings you mentioned',
  'We water the tomatoes in the morning now, the split fruit problem went away',
];
