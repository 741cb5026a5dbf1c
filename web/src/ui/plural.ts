/**
 * "1 ticket", "3 tickets": a count with its noun in the right number (English; Intl.PluralRules picks the form), in
 * place of "ticket(s)". `many` defaults to the noun plus "s".
 */
const rules = new Intl.PluralRules('en');

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${rules.select(count) === 'one' ? one : many}`;
}
