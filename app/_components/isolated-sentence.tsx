import type { ReactNode } from "react";

type Values = Record<string, string | number>;

/** Private-use marks no translation holds: where each user-given value lands in the sentence. */
const marked = (i: number) => `\ue000${i}\ue001`;
const mark = /\ue000(\d+)\ue001/;

/**
 * A sentence naming what people typed (a member's name, a payment method's label, a reason),
 * each such value isolated in <bdi>: right-to-left letters in a name (عمر, דנה) or a stray
 * direction mark would otherwise reorder the words around it ("Asked by عمر · 14:05" read
 * with the time before the name), and an isolate keeps the name's own direction inside its
 * box. `say` is the translator (its messages unchanged); `given` names the values people typed.
 */
export function isolatedSentence(
  say: (key: string, values: Values) => string,
  key: string,
  values: Values,
  given: readonly string[],
): ReactNode {
  const texts: string[] = [];
  const withMarks: Values = { ...values };
  for (const name of given) {
    const value = values[name];
    if (value === undefined) continue;
    withMarks[name] = marked(texts.length);
    texts.push(String(value));
  }
  // split() with a capturing group: text, index, text, index, … text.
  return say(key, withMarks)
    .split(mark)
    .map((part, i) => (i % 2 === 1 ? isolated(texts[Number(part)] ?? "", i) : part));
}

/** How the server labels a person (server/team/person-label.ts): "name <e-mail>". */
const personLabel = /^(.*) <([^<>\s]+@[^<>\s]+)>$/s;

/**
 * A user-given text in its own isolate. A person's label keeps the e-mail left to right after
 * the name (isolated in turn): with the whole label in one isolate, an Arabic name made it
 * right to left, and the e-mail's brackets and parts were laid out backwards.
 */
export function isolated(text: string, key?: number): ReactNode {
  const person = personLabel.exec(text);
  if (!person) return <bdi key={key}>{text}</bdi>;
  return (
    <bdi key={key} dir="ltr">
      <bdi>{person[1]}</bdi> &lt;{person[2]}&gt;
    </bdi>
  );
}
