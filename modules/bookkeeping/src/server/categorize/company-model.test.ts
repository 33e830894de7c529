import { describe, expect, it } from 'vitest';
import { CompanyModel } from './company-model.ts';

const learnOnce = (m: CompanyModel, description: string, accountId: string, amountCents = -5499n) =>
  m.learn({ description, counterparty: '', amountCents, accountId });

describe('confidence grows with evidence, not with the size of the chart the model has seen', () => {
  it('after one approval, a merchant sharing a word is a suggestion, not an automatic approval', () => {
    const m = new CompanyModel();
    learnOnce(m, 'ADOBE CREATIVE CLOUD', 'software');
    const p = m.predict('ADOBE STOCK IMAGES', '', -1000n);
    expect(p).toMatchObject({ accountId: 'software', source: 'model' });
    // the posterior over the one account ever seen is 1; one sighting must not pass a 0.9 threshold
    expect(p!.confidence).toBeLessThan(0.9);
  });

  it('repeated sightings of the word make the same guess confident', () => {
    const m = new CompanyModel();
    for (const d of ['ADOBE CREATIVE CLOUD', 'ADOBE FONTS', 'ADOBE SIGN', 'ADOBE ACROBAT', 'ADOBE EXPRESS', 'ADOBE PORTFOLIO', 'ADOBE FRESCO'])
      learnOnce(m, d, 'software');
    expect(m.predict('ADOBE STOCK IMAGES', '', -1000n)!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('the same merchant seen once again still automates: memory and words agree', () => {
    const m = new CompanyModel();
    learnOnce(m, 'GUSTO PAYROLL', 'payroll', -250000n);
    learnOnce(m, 'CITY WATER', 'utilities', -4000n);
    const p = m.predict('GUSTO PAYROLL', '', -250000n);
    expect(p).toMatchObject({ accountId: 'payroll', source: 'memory' });
    expect(p!.confidence).toBeGreaterThanOrEqual(0.9);
  });
});
