import { describe, expect, it } from 'vitest';
import { aliasVariant, drawName, NAMING_TRADITIONS, transliterations, type TraditionId } from './names.ts';
import { Random } from './random.ts';

describe('naming traditions', () => {
  it('should have at least 30 male and 15 female given names, and 30 family names unless patronymic', () => {
    for (const tradition of Object.values(NAMING_TRADITIONS)) {
      expect(new Set(tradition.male).size, tradition.id).toBeGreaterThanOrEqual(30);
      expect(new Set(tradition.female).size, tradition.id).toBeGreaterThanOrEqual(15);
      if (tradition.family !== null) expect(new Set(tradition.family).size, tradition.id).toBeGreaterThanOrEqual(30);
    }
  });

  it("should give Eritrean and Ethiopian children their father's given name as the second name", () => {
    const rng = new Random(3);
    for (const id of ['eritrean', 'ethiopian'] as const satisfies readonly TraditionId[]) {
      const { familyName } = drawName(rng, id, 'F');
      expect(familyName.split(' ').every((part) => NAMING_TRADITIONS[id].male.includes(part))).toBe(true);
    }
  });

  it('should use the feminine form of Polish family names for girls', () => {
    const rng = new Random(4);
    const names = Array.from({ length: 200 }, () => drawName(rng, 'polish', 'F').familyName);

    expect(names.some((name) => name.endsWith('ski'))).toBe(false);
    expect(names.some((name) => name.endsWith('ska'))).toBe(true);
  });
});

describe('transliterations', () => {
  it('should know the common spellings of one name, whatever the case', () => {
    expect(transliterations('Mohammed')).toEqual(expect.arrayContaining(['Mohamed', 'Muhammad', 'Mohammad']));
    expect(transliterations('nguyen')).toEqual(expect.arrayContaining(['Nguyễn', 'Ngyuen']));
    expect(transliterations('Tesfay')).toEqual(expect.arrayContaining(['Tesfaye', 'Tesfai']));
    expect(transliterations('Ahmad')).toContain('Ahmed');
    expect(transliterations('Smith')).toEqual([]);
  });
});

describe('aliasVariant', () => {
  const identity = { givenNames: 'Mohammed', familyName: 'Tesfay', dateOfBirth: '2008-03-07' };

  it('should always differ from the identity it varies', () => {
    const rng = new Random(5);
    for (let i = 0; i < 500; i += 1) {
      const variant = aliasVariant(rng, identity);
      expect(variant).not.toEqual(identity);
    }
  });

  it('should use known spellings, order swaps and date-of-birth changes among its variants', () => {
    const rng = new Random(6);
    const variants = Array.from({ length: 500 }, () => aliasVariant(rng, identity));

    expect(variants.some((variant) => variant.givenNames === 'Muhammad' || variant.givenNames === 'Mohamed')).toBe(true);
    expect(variants.some((variant) => variant.givenNames === 'Tesfay' && variant.familyName === 'Mohammed')).toBe(true);
    expect(variants.some((variant) => variant.dateOfBirth === '2007-03-07' || variant.dateOfBirth === '2009-03-07')).toBe(true);
    expect(variants.some((variant) => variant.dateOfBirth === '2008-01-01')).toBe(true);
    expect(variants.some((variant) => variant.dateOfBirth === '2008-07-03')).toBe(true);
  });

  it('should give the same variants for the same seed', () => {
    const first = Array.from({ length: 20 }, (_, i) => aliasVariant(new Random(i), identity));
    const second = Array.from({ length: 20 }, (_, i) => aliasVariant(new Random(i), identity));

    expect(second).toEqual(first);
  });
});
