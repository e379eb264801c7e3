import { jaroWinkler, nameScore, nameTokens } from './similarity';

describe('name similarity', () => {
  it('computes the textbook Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('finds KIM, Sang Man under the spellings people type', () => {
    const listed = nameTokens('KIM, Sang Man');
    for (const typed of ['Kim Sang Man', 'Sang Man Kim', 'KIM Sang-man']) {
      expect(nameScore(nameTokens(typed), listed)).toBe(100);
    }
    expect(nameScore(nameTokens('Kim Sangman'), listed)).toBeGreaterThan(85);
  });

  it('drops company-form words and diacritics', () => {
    expect(nameTokens('Chinyong Information Technology Cooperation Company LLC')).toEqual(['chinyong', 'information', 'technology', 'cooperation']);
    expect(nameTokens('Société Générale SA')).toEqual(['societe', 'generale']);
  });

  it('scores unrelated names low', () => {
    expect(nameScore(nameTokens('John Smith'), nameTokens('KIM, Sang Man'))).toBeLessThan(70);
  });
});
