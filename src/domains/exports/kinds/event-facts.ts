/** The lines a report document opens with for its event (its name is the subtitle): its id and when it starts, in its own time zone. */
export function eventFacts(event: { id: string; startsAt: Date; timezone: string }, locale: string): [string, string][] {
  const when = new Intl.DateTimeFormat(locale === 'af' ? 'af-ZA' : 'en-ZA', { dateStyle: 'full', timeStyle: 'short', timeZone: event.timezone }).format(event.startsAt);
  return [
    ['Event id', event.id],
    ['Starts', `${when} (${event.timezone})`],
  ];
}
