/** A CSV field as providers' exports write one: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** An instant as whole Unix seconds, as Stripe's API takes and gives times. */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
