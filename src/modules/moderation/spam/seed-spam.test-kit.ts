// The spam comment issue 12 reports ("Get your sa-lary w-eekly wi-th Googl-e … ♥♥♥n♥♥z♥s♥", spam
// probability 0.0004 before the issue), as the regression tests and the benchmark post it, and its
// disguised variants. Not a test file itself.
// The issue quotes only the comment's start and end, and the demo content (src/demo/) does not carry
// it; the middle is written here in the style that defeated the word model: a long, friendly story in
// ordinary words (rent, town, husband) that the classifier scores as legitimate with both the old and
// the current model, so that what is tested is the signals beyond the words.

const STORY = 'After the plant closed I spent a year without work and we were behind on the rent, until a neighbour ' +
  'showed me what she does in the evenings. It takes about thirty minutes a day and the pay arrives every Friday. ' +
  'My husband laughed at first, now he does it too. I am not selling anything, I just think people in this town deserve to know';

export const SEED_SPAM = {
  withLink: `Get your sa-lary w-eekly wi-th Googl-e. ${STORY} ♥♥♥n♥♥z♥s♥ https://weekly-pay-jobs.example/start`,
  withoutLink: `Get your sa-lary w-eekly wi-th Googl-e. ${STORY} ♥♥♥n♥♥z♥s♥`,
};

/** Other hyphenation, other interleaved symbols, look-alike letters: [what, text]. */
export function seedSpamVariants(): [string, string][] {
  return [
    ['other hyphenation', `Get your sal-ary wee-kly with Goo-gle. ${STORY} ♥♥♥n♥♥z♥s♥`],
    ['other interleaved symbols', `Get your sa-lary w-eekly wi-th Googl-e. ${STORY} ✿✿✿n✿✿z✿s✿`],
    ['symbols between all letters', `G★e★t your s★a★l★a★r★y w★e★e★k★l★y with G★o★o★g★l★e. ${STORY}`],
    ['look-alike letters', `Gеt yоur sаlаry wееkly with Gооglе. ${STORY}`], // Cyrillic е, о, а
  ];
}
