/**
 * A sentence with a count in it that the browser says anew as the user types (a comment's
 * characters left), said by the server once per plural form of the page's language: the
 * browser picks the form with Intl.PluralRules and puts in the count, so it needs no message
 * formatter. counted-sentence.test.ts holds it to next-intl's own wording.
 */
export interface CountedSentence {
  locale: string;
  /** Per plural category, the sentence's words before and after the count. */
  forms: Partial<Record<Intl.LDMLPluralRule, [before: string, after: string]>>;
}

/** On the server: `say(n)` is the translator's sentence for a count of n. */
export function countedSentence(locale: string, say: (n: number) => string): CountedSentence {
  const rules = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  const forms: CountedSentence["forms"] = {};
  for (const category of rules.resolvedOptions().pluralCategories) {
    // A count of this form whose digits appear once in its sentence: they are the count.
    for (let n = 0; n < 1000; n++) {
      if (rules.select(n) !== category) continue;
      const text = say(n);
      const digits = number.format(n);
      const at = text.indexOf(digits);
      if (at < 0 || text.includes(digits, at + 1)) continue;
      forms[category] = [text.slice(0, at), text.slice(at + digits.length)];
      break;
    }
  }
  return { locale, forms };
}

/** In the browser: the sentence for a count of n. */
export function sayCounted({ locale, forms }: CountedSentence, n: number): string {
  const [before, after] = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other ?? ["", ""];
  return `${before}${new Intl.NumberFormat(locale).format(n)}${after}`;
}
