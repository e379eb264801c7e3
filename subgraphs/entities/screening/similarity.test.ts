import { jaroWinkler, nameTokens, prepareName, scoreNames, soundex } from './similarity';

const score = (a: string, b: string) => scoreNames(prepareName(a), prepareName(b)).score;

describe('name similarity', () => {
  it('computes the textbook Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('finds KIM, Sang Man under the spellings people type', () => {
    for (const typed of ['Kim Sang Man', 'Sang Man Kim', 'KIM Sang-man', 'kim sangman']) {
      expect(score(typed, 'KIM, Sang Man')).toBe(100);
    }
    expect(score('Kim Sang Mann', 'KIM, Sang Man')).toBeGreaterThan(95);
  });

  it('does not let a shared surname alone make a match', () => {
    expect(score('Kim Sang Man', 'KIM, Nam Ung')).toBeLessThan(80);
    expect(score('Kim', 'KIM, Sang Man')).toBeLessThan(80);
  });

  it('counts words that sound alike as close (Soundex)', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Tymczak')).toBe('T522');
    expect(scoreNames(prepareName('Mohamed Ashraf'), prepareName('MUHAMMAD, Ashraf')).method).toMatch(/PHONETIC|TOKEN_SET/);
  });

  it('drops company-form words and diacritics', () => {
    expect(nameTokens('Chinyong Information Technology Cooperation Company LLC')).toEqual(['chinyong', 'information', 'technology', 'cooperation']);
    expect(nameTokens('Société Générale SA')).toEqual(['societe', 'generale']);
  });

  it('scores unrelated names low', () => {
    expect(score('John Smith', 'KIM, Sang Man')).toBeLessThan(70);
  });
});
