/**
 * The storefront's two languages, English and Afrikaans: one typed dictionary each (a missing key is a type
 * error), the buyer's choice remembered in localStorage, the default taken from the browser's languages.
 * Money and dates are formatted with Intl in the matching locale.
 */
export type Lang = 'en' | 'af';
export const LANGS: readonly Lang[] = ['en', 'af'];

type OrderStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' | 'expired';
type EventStatus = 'draft' | 'published' | 'on_sale' | 'sales_closed' | 'completed' | 'cancelled';

export type Messages = {
  langName: string;
  language: string;
  appName: string;
  skipToContent: string;
  loading: string;
  retry: string;
  landingTitle: string;
  landingIntro: string;
  landingBuyers: string;
  landingOrganizers: string;
  landingAdminLink: string;
  notFoundTitle: string;
  notFoundText: string;
  eventNotFound: string;
  eventStatus: Record<EventStatus, string>;
  when: string;
  doors: string;
  venue: string;
  timesIn: (tz: string) => string;
  tickets: string;
  left: (n: number) => string;
  soldOut: string;
  unlimited: string;
  perOrder: (min: number, max: number) => string;
  seatedHint: string;
  quantityFor: (name: string) => string;
  fewer: (name: string) => string;
  more: (name: string) => string;
  seatMap: string;
  mapSummary: (available: number, total: number) => string;
  mapHelp: string;
  zoomIn: string;
  zoomOut: string;
  fit: string;
  stage: string;
  legendUnavailable: string;
  legendSelected: string;
  legendMine: string;
  live: Record<'connecting' | 'open' | 'reconnecting' | 'closed', string>;
  chooseFromList: string;
  hideList: string;
  section: string;
  row: string;
  allRows: string;
  rowGroup: (row: string) => string;
  seatName: (row: string, seat: string, state: 'available' | 'unavailable' | 'mine') => string;
  seatShort: (row: string, seat: string) => string;
  sectionSeat: (section: string, row: string, seat: string) => string;
  accessible: string;
  restrictedView: string;
  notSoldOnline: string;
  bestAvailable: string;
  bestAvailableHint: string;
  ticketType: string;
  category: string;
  anyCategory: string;
  numberOfSeats: string;
  accessibleSeats: string;
  findBestSeats: string;
  yourSelection: string;
  nothingSelected: string;
  remove: (what: string) => string;
  clearSelection: string;
  ticketTypeFor: (what: string) => string;
  estimatedTotal: string;
  estimateNote: string;
  holdSeats: string;
  holdTickets: string;
  limitIssue: (name: string, min: number, max: number, n: number) => string;
  maxSelected: (max: number) => string;
  heldFor: string;
  releaseToChange: string;
  ticketsCount: (n: number) => string;
  extend: string;
  extended: string;
  release: string;
  oneMinuteLeft: string;
  holdExpired: string;
  holdReleased: string;
  seatTakenMeanwhile: (seats: string) => string;
  seatsUnavailable: (seats: string) => string;
  heldTickets: string;
  checkout: string;
  quoteLoading: string;
  subtotal: string;
  discount: string;
  bookingFee: string;
  vat: (rate: string, inclusive: boolean) => string;
  donation: string;
  total: string;
  perTicket: string;
  couponCode: string;
  accessCodeLabel: string;
  accessCodeApply: string;
  accessCodeInvalid: string;
  apply: string;
  couponApplied: (code: string) => string;
  removeCoupon: string;
  donationLabel: string;
  donationHint: string;
  invalidAmount: string;
  /** A checkout retried after its answer was lost: the order exists, but its link was shown only once. */
  checkoutAlreadyPlaced: string;
  buyerDetails: string;
  fullName: string;
  email: string;
  emailHint: string;
  attendeeNames: string;
  attendeeFor: (what: string) => string;
  payNow: string;
  getFreeTickets: string;
  redirecting: string;
  orderTitle: string;
  orderStatus: Record<OrderStatus, string>;
  orderPaidBanner: string;
  orderWaiting: string;
  orderStillPending: string;
  orderCancelledBanner: string;
  orderNumber: string;
  buyer: string;
  placedOn: string;
  lines: string;
  ticketCol: string;
  priceCol: string;
  feesCol: string;
  vatCol: string;
  totalCol: string;
  refunded: string;
  yourTickets: string;
  ticketOf: (n: number, total: number) => string;
  qrLabel: (what: string) => string;
  ticketCancelled: string;
  downloadPdf: string;
  addToCalendar: string;
  emailSentTo: (email: string) => string;
  noTicketsYet: string;
  backToEvent: string;
  orderNotFound: string;
  networkError: string;
};

const en: Messages = {
  langName: 'English',
  language: 'Language',
  appName: 'Voelgoed Events',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  retry: 'Try again',
  landingTitle: 'Tickets for live events',
  landingIntro: 'Voelgoed Events sells tickets for concerts, theatre, sport and festivals: pick your seats on a live seat map, pay securely and get your tickets with QR codes straight away.',
  landingBuyers: 'Buying tickets? Open the event link you got from the organizer; your order link is in your confirmation email.',
  landingOrganizers: 'Organizing an event? Build your venue’s seating, set up ticket types and prices, sell and scan tickets at the gate.',
  landingAdminLink: 'Open the organizer console',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is nothing at this address.',
  eventNotFound: 'This event does not exist or is not published.',
  eventStatus: {
    draft: 'Not published',
    published: 'Tickets are not on sale yet.',
    on_sale: 'On sale',
    sales_closed: 'Ticket sales have closed.',
    completed: 'This event has ended.',
    cancelled: 'This event was cancelled.',
  },
  when: 'When',
  doors: 'Doors open',
  venue: 'Venue',
  timesIn: (tz) => `Times are shown in the venue’s time zone (${tz}).`,
  tickets: 'Tickets',
  left: (n) => `${n.toLocaleString('en')} left`,
  soldOut: 'Sold out',
  unlimited: 'Available',
  perOrder: (min, max) => (min > 1 ? `${min}–${max} per order` : `Up to ${max} per order`),
  seatedHint: 'Pick seats on the seat map or from the list below.',
  quantityFor: (name) => `Quantity for ${name}`,
  fewer: (name) => `Fewer ${name}`,
  more: (name) => `More ${name}`,
  seatMap: 'Seat map',
  mapSummary: (a, t) => `Seat map: ${a.toLocaleString('en')} of ${t.toLocaleString('en')} seats available`,
  mapHelp: 'Drag to move, scroll or pinch to zoom, tap a seat to pick it. Keyboard: arrows move, + and − zoom, 0 fits.',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fit: 'Fit',
  stage: 'Stage',
  legendUnavailable: 'Unavailable',
  legendSelected: 'Your pick',
  legendMine: 'Held for you',
  live: { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' },
  chooseFromList: 'Choose from a list',
  hideList: 'Hide the list',
  section: 'Section',
  row: 'Row',
  allRows: 'All rows',
  rowGroup: (row) => `Row ${row}`,
  seatName: (row, seat, state) => `Row ${row}, seat ${seat} — ${state === 'mine' ? 'held for you' : state}`,
  seatShort: (row, seat) => `Row ${row}, seat ${seat}`,
  sectionSeat: (section, row, seat) => `${section.length <= 3 ? `Section ${section}` : section} · Row ${row}, seat ${seat}`,
  accessible: 'Wheelchair accessible',
  restrictedView: 'Restricted view',
  notSoldOnline: 'Not sold online',
  bestAvailable: 'Best available',
  bestAvailableHint: 'We pick seats next to each other, as close to the stage as possible.',
  ticketType: 'Ticket type',
  category: 'Category',
  anyCategory: 'Any category',
  numberOfSeats: 'Number of seats',
  accessibleSeats: 'Wheelchair-accessible seats',
  findBestSeats: 'Find best seats',
  yourSelection: 'Your selection',
  nothingSelected: 'Pick seats or choose how many tickets you want.',
  remove: (what) => `Remove ${what}`,
  clearSelection: 'Clear selection',
  ticketTypeFor: (what) => `Ticket type for ${what}`,
  estimatedTotal: 'Tickets',
  estimateNote: 'Fees and discounts are shown at checkout.',
  holdSeats: 'Hold seats',
  holdTickets: 'Hold tickets',
  limitIssue: (name, min, max, n) => `${name}: choose between ${min} and ${max} (you have ${n}).`,
  maxSelected: (max) => `You can pick at most ${max} seats in one order.`,
  heldFor: 'Your tickets are held for',
  releaseToChange: 'Release your held tickets to change your selection.',
  ticketsCount: (n) => (n === 1 ? '1 ticket' : `${n} tickets`),
  extend: 'Extend',
  extended: 'Extended once',
  release: 'Release',
  oneMinuteLeft: 'One minute left to finish your order.',
  holdExpired: 'Your hold expired and the tickets went back on sale. Please pick again.',
  holdReleased: 'Your tickets were released.',
  seatTakenMeanwhile: (s) => `${s} was just taken by someone else and was removed from your selection.`,
  seatsUnavailable: (s) => `Sorry, ${s} is no longer available. The map shows the latest; please pick again.`,
  heldTickets: 'Held for you',
  checkout: 'Checkout',
  quoteLoading: 'Calculating your price…',
  subtotal: 'Subtotal',
  discount: 'Discount',
  bookingFee: 'Booking fee',
  vat: (rate, inclusive) => (inclusive ? `VAT (${rate}%, included)` : `VAT (${rate}%)`),
  donation: 'Donation',
  total: 'Total',
  perTicket: 'Per ticket',
  couponCode: 'Coupon code',
  accessCodeLabel: 'Have an access code?',
  accessCodeApply: 'Apply',
  accessCodeInvalid: 'This access code cannot be used.',
  apply: 'Apply',
  couponApplied: (code) => `Coupon ${code} applied.`,
  removeCoupon: 'Remove coupon',
  donationLabel: 'Donation (optional)',
  donationHint: 'An amount like 50 or 50.00',
  invalidAmount: 'Enter an amount like 50 or 50.00',
  checkoutAlreadyPlaced:
    'Your order was already placed from this page, but its answer was lost on the way, so the payment page can’t be shown again. Your tickets stay reserved for that order until that order expires; then you can buy them again.',
  buyerDetails: 'Your details',
  fullName: 'Full name',
  email: 'Email',
  emailHint: 'Your tickets are sent here.',
  attendeeNames: 'Names on the tickets (optional)',
  attendeeFor: (what) => `Name on ticket: ${what}`,
  payNow: 'Continue to payment',
  getFreeTickets: 'Get my tickets',
  redirecting: 'Taking you to the payment page…',
  orderTitle: 'Your order',
  orderStatus: { pending: 'Awaiting payment', paid: 'Paid', partially_refunded: 'Partly refunded', refunded: 'Refunded', cancelled: 'Cancelled', expired: 'Expired' },
  orderPaidBanner: 'Payment received. Thank you! Your tickets are below.',
  orderWaiting: 'Waiting for the payment to be confirmed…',
  orderStillPending: 'We have not heard from the payment provider yet. This page will show your tickets once the payment is confirmed; try reloading in a minute.',
  orderCancelledBanner: 'The payment was cancelled, so this order was not completed.',
  orderNumber: 'Order',
  buyer: 'Buyer',
  placedOn: 'Placed',
  lines: 'What you bought',
  ticketCol: 'Ticket',
  priceCol: 'Price',
  feesCol: 'Fee',
  vatCol: 'VAT',
  totalCol: 'Total',
  refunded: 'Refunded',
  yourTickets: 'Your tickets',
  ticketOf: (n, t) => `Ticket ${n} of ${t}`,
  qrLabel: (what) => `QR code for ticket ${what}`,
  ticketCancelled: 'Cancelled: this ticket no longer admits entry.',
  downloadPdf: 'Download tickets (PDF)',
  addToCalendar: 'Add to calendar',
  emailSentTo: (email) => `A confirmation was sent to ${email}.`,
  noTicketsYet: 'Your tickets appear here once the payment is confirmed.',
  backToEvent: 'Back to the event',
  orderNotFound: 'We could not find this order. Check the link in your confirmation email.',
  networkError: 'Could not reach the server. Check your connection and try again.',
};

const af: Messages = {
  langName: 'Afrikaans',
  language: 'Taal',
  appName: 'Voelgoed Events',
  skipToContent: 'Spring na inhoud',
  loading: 'Laai…',
  retry: 'Probeer weer',
  landingTitle: 'Kaartjies vir lewendige geleenthede',
  landingIntro: 'Voelgoed Events verkoop kaartjies vir konserte, teater, sport en feeste: kies jou sitplekke op ’n lewendige sitplekkaart, betaal veilig en kry jou kaartjies met QR-kodes dadelik.',
  landingBuyers: 'Koop jy kaartjies? Maak die geleentheid se skakel oop wat jy van die organiseerder gekry het; jou bestelling se skakel is in jou bevestigings-e-pos.',
  landingOrganizers: 'Reël jy ’n geleentheid? Bou jou saal se sitplekke, stel kaartjiesoorte en pryse op, verkoop en skandeer kaartjies by die hek.',
  landingAdminLink: 'Maak die organiseerderskonsole oop',
  notFoundTitle: 'Bladsy nie gevind nie',
  notFoundText: 'Daar is niks by hierdie adres nie.',
  eventNotFound: 'Hierdie geleentheid bestaan nie of is nie gepubliseer nie.',
  eventStatus: {
    draft: 'Nie gepubliseer nie',
    published: 'Kaartjies is nog nie te koop nie.',
    on_sale: 'Te koop',
    sales_closed: 'Kaartjieverkope is gesluit.',
    completed: 'Hierdie geleentheid is verby.',
    cancelled: 'Hierdie geleentheid is gekanselleer.',
  },
  when: 'Wanneer',
  doors: 'Deure oop',
  venue: 'Plek',
  timesIn: (tz) => `Tye word in die plek se tydsone getoon (${tz}).`,
  tickets: 'Kaartjies',
  left: (n) => `${n.toLocaleString('af')} oor`,
  soldOut: 'Uitverkoop',
  unlimited: 'Beskikbaar',
  perOrder: (min, max) => (min > 1 ? `${min}–${max} per bestelling` : `Tot ${max} per bestelling`),
  seatedHint: 'Kies sitplekke op die sitplekkaart of uit die lys hieronder.',
  quantityFor: (name) => `Aantal vir ${name}`,
  fewer: (name) => `Minder ${name}`,
  more: (name) => `Meer ${name}`,
  seatMap: 'Sitplekkaart',
  mapSummary: (a, t) => `Sitplekkaart: ${a.toLocaleString('af')} van ${t.toLocaleString('af')} sitplekke beskikbaar`,
  mapHelp: 'Sleep om te skuif, rol of knyp om te zoem, tik op ’n sitplek om dit te kies. Sleutelbord: pyltjies skuif, + en − zoem, 0 pas.',
  zoomIn: 'Zoem in',
  zoomOut: 'Zoem uit',
  fit: 'Pas',
  stage: 'Verhoog',
  legendUnavailable: 'Nie beskikbaar nie',
  legendSelected: 'Jou keuse',
  legendMine: 'Vir jou gehou',
  live: { connecting: 'Verbind…', open: 'Lewendig', reconnecting: 'Herverbind…', closed: 'Vanlyn' },
  chooseFromList: 'Kies uit ’n lys',
  hideList: 'Versteek die lys',
  section: 'Afdeling',
  row: 'Ry',
  allRows: 'Alle rye',
  rowGroup: (row) => `Ry ${row}`,
  seatName: (row, seat, state) => `Ry ${row}, sitplek ${seat} — ${state === 'mine' ? 'vir jou gehou' : state === 'available' ? 'beskikbaar' : 'nie beskikbaar nie'}`,
  seatShort: (row, seat) => `Ry ${row}, sitplek ${seat}`,
  sectionSeat: (section, row, seat) => `${section.length <= 3 ? `Afdeling ${section}` : section} · Ry ${row}, sitplek ${seat}`,
  accessible: 'Rolstoeltoeganklik',
  restrictedView: 'Beperkte uitsig',
  notSoldOnline: 'Nie aanlyn te koop nie',
  bestAvailable: 'Beste beskikbaar',
  bestAvailableHint: 'Ons kies sitplekke langs mekaar, so na as moontlik aan die verhoog.',
  ticketType: 'Kaartjiesoort',
  category: 'Kategorie',
  anyCategory: 'Enige kategorie',
  numberOfSeats: 'Aantal sitplekke',
  accessibleSeats: 'Rolstoeltoeganklike sitplekke',
  findBestSeats: 'Vind die beste sitplekke',
  yourSelection: 'Jou keuse',
  nothingSelected: 'Kies sitplekke of hoeveel kaartjies jy wil hê.',
  remove: (what) => `Verwyder ${what}`,
  clearSelection: 'Maak keuse skoon',
  ticketTypeFor: (what) => `Kaartjiesoort vir ${what}`,
  estimatedTotal: 'Kaartjies',
  estimateNote: 'Fooie en afslag word by die betaalpunt gewys.',
  holdSeats: 'Hou sitplekke',
  holdTickets: 'Hou kaartjies',
  limitIssue: (name, min, max, n) => `${name}: kies tussen ${min} en ${max} (jy het ${n}).`,
  maxSelected: (max) => `Jy kan hoogstens ${max} sitplekke in een bestelling kies.`,
  heldFor: 'Jou kaartjies word gehou vir',
  releaseToChange: 'Laat jou gehoude kaartjies los om jou keuse te verander.',
  ticketsCount: (n) => (n === 1 ? '1 kaartjie' : `${n} kaartjies`),
  extend: 'Verleng',
  extended: 'Een keer verleng',
  release: 'Laat los',
  oneMinuteLeft: 'Een minuut oor om jou bestelling klaar te maak.',
  holdExpired: 'Jou hou het verval en die kaartjies is weer te koop. Kies asseblief weer.',
  holdReleased: 'Jou kaartjies is losgelaat.',
  seatTakenMeanwhile: (s) => `${s} is pas deur iemand anders gevat en is uit jou keuse verwyder.`,
  seatsUnavailable: (s) => `Jammer, ${s} is nie meer beskikbaar nie. Die kaart wys die nuutste; kies asseblief weer.`,
  heldTickets: 'Vir jou gehou',
  checkout: 'Betaalpunt',
  quoteLoading: 'Bereken jou prys…',
  subtotal: 'Subtotaal',
  discount: 'Afslag',
  bookingFee: 'Besprekingsfooi',
  vat: (rate, inclusive) => (inclusive ? `BTW (${rate}%, ingesluit)` : `BTW (${rate}%)`),
  donation: 'Skenking',
  total: 'Totaal',
  perTicket: 'Per kaartjie',
  couponCode: 'Koeponkode',
  accessCodeLabel: "Het jy 'n toegangskode?",
  accessCodeApply: 'Pas toe',
  accessCodeInvalid: 'Hierdie toegangskode kan nie gebruik word nie.',
  apply: 'Pas toe',
  couponApplied: (code) => `Koepon ${code} toegepas.`,
  removeCoupon: 'Verwyder koepon',
  donationLabel: 'Skenking (opsioneel)',
  donationHint: '’n Bedrag soos 50 of 50,00',
  invalidAmount: 'Tik ’n bedrag soos 50 of 50,00',
  checkoutAlreadyPlaced:
    'Jou bestelling is reeds van hierdie bladsy geplaas, maar die antwoord het onderweg verlore geraak, so die betaalbladsy kan nie weer gewys word nie. Jou kaartjies bly vir daardie bestelling gereserveer totdat daardie bestelling verval; dan kan jy hulle weer koop.',
  buyerDetails: 'Jou besonderhede',
  fullName: 'Volle naam',
  email: 'E-pos',
  emailHint: 'Jou kaartjies word hierheen gestuur.',
  attendeeNames: 'Name op die kaartjies (opsioneel)',
  attendeeFor: (what) => `Naam op kaartjie: ${what}`,
  payNow: 'Gaan voort na betaling',
  getFreeTickets: 'Kry my kaartjies',
  redirecting: 'Ons neem jou na die betaalblad…',
  orderTitle: 'Jou bestelling',
  orderStatus: { pending: 'Wag vir betaling', paid: 'Betaal', partially_refunded: 'Deels terugbetaal', refunded: 'Terugbetaal', cancelled: 'Gekanselleer', expired: 'Verval' },
  orderPaidBanner: 'Betaling ontvang. Dankie! Jou kaartjies is hieronder.',
  orderWaiting: 'Wag dat die betaling bevestig word…',
  orderStillPending: 'Ons het nog nie van die betaalverskaffer gehoor nie. Hierdie bladsy wys jou kaartjies sodra die betaling bevestig is; laai oor ’n minuut weer.',
  orderCancelledBanner: 'Die betaling is gekanselleer, dus is hierdie bestelling nie voltooi nie.',
  orderNumber: 'Bestelling',
  buyer: 'Koper',
  placedOn: 'Geplaas',
  lines: 'Wat jy gekoop het',
  ticketCol: 'Kaartjie',
  priceCol: 'Prys',
  feesCol: 'Fooi',
  vatCol: 'BTW',
  totalCol: 'Totaal',
  refunded: 'Terugbetaal',
  yourTickets: 'Jou kaartjies',
  ticketOf: (n, t) => `Kaartjie ${n} van ${t}`,
  qrLabel: (what) => `QR-kode vir kaartjie ${what}`,
  ticketCancelled: 'Gekanselleer: hierdie kaartjie gee nie meer toegang nie.',
  downloadPdf: 'Laai kaartjies af (PDF)',
  addToCalendar: 'Voeg by kalender',
  emailSentTo: (email) => `’n Bevestiging is na ${email} gestuur.`,
  noTicketsYet: 'Jou kaartjies verskyn hier sodra die betaling bevestig is.',
  backToEvent: 'Terug na die geleentheid',
  orderNotFound: 'Ons kon nie hierdie bestelling vind nie. Kyk na die skakel in jou bevestigings-e-pos.',
  networkError: 'Kon nie die bediener bereik nie. Kyk na jou verbinding en probeer weer.',
};

export const MESSAGES: Record<Lang, Messages> = { en, af };

/**
 * The buyer's own choice if there is one, else the first browser language we speak, else the organizer's language
 * (the event's `locale`, once the page knows it), else English.
 */
export function pickLang(stored: string | null | undefined, browser: readonly string[], organizer?: string | null): Lang {
  if (isLang(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return isLang(organizer) ? organizer : 'en';
}

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'af';
}

/**
 * The Intl locale for formatting: the browser's own regional variant of the chosen language when it has one
 * (en-GB stays en-GB), else South African (the platform's home: R 350,00 and 24-hour times).
 */
export function intlLocale(lang: Lang, browser: readonly string[]): string {
  for (const tag of browser) {
    if (tag.toLowerCase().split('-')[0] === lang && tag.includes('-')) return tag;
  }
  return lang === 'af' ? 'af-ZA' : 'en-ZA';
}

/** "a, b and c" in the chosen language. */
export function joinList(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = lang === 'af' ? 'en' : 'and';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
