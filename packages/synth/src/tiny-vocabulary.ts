/**
 * The WordPiece vocabulary of the `tiny` and `small` presets, built in code so tests need no external files.
 * Special tokens sit at the ids of the real BERT multilingual vocabulary, so code that hard-codes
 * [PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102 behaves the same on tiny and full-size models.
 */

export const SPECIAL_TOKEN_IDS = { pad: 0, unk: 100, cls: 101, sep: 102, mask: 103 } as const;

// Common English words, so English test sentences tokenize into whole-word pieces. Contractions appear as
// their stems ("don"): BertPreTokenizer splits "don't" at the apostrophe.
const COMMON_WORDS = `
the be to of and a in that have I it for not on with he as you do at this but his by from they we say her she
or an will my one all would there their what so up out if about who get which go me when make can like time no
just him know take people into year your good some could them see other than then now look only come its over
think also back after use two how our work first well way even new want because any these give day most us is
are was were been has had did does said made went got very really much more many such here where why while
again never always still too off down should must may might shall let thank thanks please yes okay ok hello
movie film show story book music song game food place service product price quality hotel room staff time
love loved loves hate hated like liked great best better bad worst worse awesome amazing excellent terrible
horrible awful nice happy sad angry beautiful boring funny fun interesting perfect poor fine wonderful
fantastic disappointing disappointed recommend recommended enjoy enjoyed enjoy waste money again watch watched
watching buy bought order ordered arrived broken slow fast quick cheap expensive free friendly rude clean
dirty delicious tasty fresh cold hot warm late early problem problems issue issues help helpful useless
support customer team phone call email message text reply account today tomorrow yesterday week month night
morning home house car city world life man woman child children friend friends family school job money
thing things something nothing everything anything someone everyone nobody lot little big small long short
old young high low right left same different last next few own every each both between under before through
during without against among around almost already enough quite rather perhaps maybe sure true false real
feel felt think thought believe hope wish need needs try tried tries keep kept start started stop stopped
win won prize claim urgent call now reply stop txt mobile cash award winner congratulations offer
The This That It You We They He She What How Why My Our don isn wasn didn doesn aren couldn wouldn
`;

// Frequent English subword continuations, so unseen inflections split into word + suffix.
const COMMON_SUBWORDS = `
s es ed ing er ers est ly ness ment ments tion tions sion able ible al ful less ous ive ity ize ise ized ated
ate ation ations ance ence ant ent ic ical ist ism y ies ied en ened on an in un re ar or ory age ure ship
hood ward wards like self th nd rd st ll ve re d t m
`;

function words(list: string): string[] {
  return list.split(/\s+/).filter((word) => word.length > 0);
}

function latin1Letters(): string[] {
  const letters: string[] = [];
  for (let code = 0xc0; code <= 0xff; code += 1) {
    if (code === 0xd7 || code === 0xf7) continue; // × and ÷ are not letters
    letters.push(String.fromCharCode(code));
  }
  return letters;
}

function printableAscii(): string[] {
  const characters: string[] = [];
  for (let code = 0x21; code <= 0x7e; code += 1) characters.push(String.fromCharCode(code));
  return characters;
}

/** Tokens in id order; the index of a token is its id. */
export function buildTinyVocabulary(): string[] {
  const tokens: string[] = ['[PAD]'];
  for (let id = 1; id < SPECIAL_TOKEN_IDS.unk; id += 1) tokens.push(`[unused${id}]`);
  tokens.push('[UNK]', '[CLS]', '[SEP]', '[MASK]');
  const seen = new Set(tokens);
  const add = (token: string): void => {
    if (seen.has(token)) return;
    seen.add(token);
    tokens.push(token);
  };
  const characters = [...printableAscii(), ...latin1Letters()];
  for (const character of characters) add(character);
  for (const character of characters) add(`##${character}`);
  for (const word of words(COMMON_WORDS)) add(word);
  for (const subword of words(COMMON_SUBWORDS)) add(`##${subword}`);
  return tokens;
}
