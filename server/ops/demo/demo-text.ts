import type { Locale } from '../../../shared/enums.ts';
import type { CategoryKey } from './demo-catalogue.ts';
import type { DemoRandom } from './demo-random.ts';
import { CATEGORY_TEXTS } from './demo-texts.ts';

/**
 * Generates the words of demo tickets: subjects, first messages, replies, internal notes and
 * follow-ups in German or English, from templates with variation.
 */
const SLOTS: Record<Locale, Record<string, string[]>> = {
  de: {
    greeting: ['Hallo', 'Guten Morgen', 'Hallo zusammen', 'Sehr geehrte Damen und Herren', 'Moin', 'Liebes Service-Desk-Team'],
    closing: ['Viele Grüße', 'Danke und Gruß', 'Mit freundlichen Grüßen', 'Danke im Voraus!', 'Beste Grüße'],
    since: ['heute Morgen', 'gestern', 'Montag', 'dem letzten Update', 'der Umstellung am Wochenende', 'einer Woche'],
    urgency: ['', '', 'Es eilt leider.', 'Ich kann so nicht arbeiten.', 'Bitte kurzfristig um Rückruf.', 'Bitte bis Freitag lösen.'],
    place: ['2. Stock', 'Empfang', 'Lager', 'Büro 3.14', 'Vertrieb', 'Besprechungsraum Elbe', 'Werk Süd'],
  },
  en: {
    greeting: ['Hello', 'Hi', 'Good morning', 'Dear support team', 'Hi team'],
    closing: ['Best regards', 'Thanks', 'Kind regards', 'Thanks in advance!', 'Cheers'],
    since: ['this morning', 'yesterday', 'Monday', 'the last update', 'the weekend', 'a week'],
    urgency: ['', '', 'This is urgent.', 'I cannot work like this.', 'Please call me back soon.'],
    placeEn: ['second floor', 'reception', 'warehouse', 'sales office', 'meeting room Thames'],
  },
};

const SHARED: Record<string, string[]> = {
  printer: ['HP LaserJet M507', 'Kyocera ECOSYS P3155dn', 'Brother HL-L6400', 'Canon i-SENSYS', 'Ricoh IM C3000'],
  laptop: ['Lenovo ThinkPad T14', 'Dell Latitude 5440', 'HP EliteBook 840', 'Lenovo ThinkPad X1'],
  headset: ['Jabra Evolve2 65', 'Poly Voyager 4320', 'Logitech Zone Wired'],
  mailError: ['550 5.1.1 User unknown', '452 4.2.2 Mailbox full', 'Die Verbindung zum Microsoft Exchange ist nicht verfügbar'],
  vpnError: ['TLS handshake failed', 'Gateway nicht erreichbar', 'Certificate validation failure', 'Timeout nach 30 s'],
  shopError: ['Benutzername oder Passwort falsch', 'Invalid session', 'Konto gesperrt'],
};

export function fill(rng: DemoRandom, locale: Locale, template: string): string {
  const withChoices = template.replace(/\[([^\]]+)\]/g, (_m, options: string) => rng.pick(options.split('|')));
  return withChoices
    .replace(/\{(\w+)\}/g, (_m, slot: string) => {
      if (slot === 'number') return String(rng.int(10000, 99999));
      const values = SLOTS[locale][slot] ?? SHARED[slot];
      return values ? rng.pick(values) : slot;
    })
    .replace(/ +\n/g, '\n');
}

/** A rare sentence, so that a benchmark can search for a word that few tickets contain. */
export const RARE_WORD = 'Plotter';
const RARE_SENTENCE: Record<Locale, string> = {
  de: 'Betrifft übrigens auch den Plotter im Planungsbüro.',
  en: 'By the way, the plotter in the planning office is affected too.',
};

export function ticketOpening(rng: DemoRandom, category: CategoryKey, locale: Locale): { subject: string; body: string } {
  const texts = CATEGORY_TEXTS[category][locale];
  const subject = fill(rng, locale, rng.pick(texts.subjects));
  let body = fill(rng, locale, rng.pick(texts.bodies));
  if (rng.chance(0.002)) body += `\n\n${RARE_SENTENCE[locale]}`;
  return { subject, body };
}

const FIRST_REPLY: Record<Locale, string[]> = {
  de: [
    'Hallo {name},\n\nvielen Dank für Ihre Meldung. Wir kümmern uns darum und melden uns, sobald wir mehr wissen.\n\nViele Grüße\n{agent}',
    'Hallo {name},\n\nich habe mir das angesehen. [Könnten Sie bitte einen Screenshot der Fehlermeldung schicken?|Ist das Problem seitdem noch einmal aufgetreten?|Wann passt Ihnen eine Fernwartung?]\n\nGruß\n{agent}',
    'Hallo {name},\n\ndanke für die ausführliche Beschreibung. Ich habe das Ticket an die Kolleginnen und Kollegen vom Fachteam weitergegeben.\n\n{agent}',
  ],
  en: [
    'Hello {name},\n\nthank you for reporting this. We are looking into it and will get back to you as soon as we know more.\n\nBest regards\n{agent}',
    'Hi {name},\n\nI had a look. [Could you send a screenshot of the error message?|Has the problem happened again since?|When would a remote session suit you?]\n\nRegards\n{agent}',
  ],
};

const NOTES: Record<Locale, string[]> = {
  de: [
    'Rückruf beim Anwender: [nicht erreicht|Problem bestätigt|Fernwartung vereinbart für morgen 10 Uhr].',
    'Bekanntes Problem seit dem letzten Update, siehe auch die anderen Tickets zu {category}.',
    'An Fachteam übergeben, Logdateien hängen im Fileshare.',
    'Lieferant informiert, Ersatzteil bestellt. Liefertermin [Donnerstag|nächste Woche|unklar].',
  ],
  en: [
    'Called the user back: [no answer|problem confirmed|remote session booked for tomorrow 10 am].',
    'Known issue since the last update, see the other {category} tickets.',
    'Handed to the specialist team; log files are on the file share.',
  ],
};

const FOLLOW_UPS: Record<Locale, string[]> = {
  de: [
    'Hallo, gibt es schon etwas Neues? Das Problem besteht weiterhin.',
    'Anbei der Screenshot. Die Meldung kommt jedes Mal beim Start.',
    'Danke, das hat geholfen!',
    'Leider tritt der Fehler heute wieder auf.',
    'Fernwartung passt mir morgen ab 9 Uhr.',
  ],
  en: ['Hi, any news? The problem is still there.', 'Attached is the screenshot. The message appears on every start.', 'Thanks, that fixed it!', 'Unfortunately the error is back today.'],
};

const RESOLUTION: Record<Locale, string> = {
  de: 'Hallo {name},\n\n{solution} Bitte melden Sie sich, falls es erneut auftritt.\n\nViele Grüße\n{agent}',
  en: 'Hello {name},\n\n{solution} Please let us know if it happens again.\n\nBest regards\n{agent}',
};

const PENDING_QUESTION: Record<Locale, string[]> = {
  de: ['Hallo {name},\n\nkönnen Sie uns bitte mitteilen, [an welchem Gerät das auftritt|ob der Fehler nach einem Neustart weiterhin besteht|wann Sie erreichbar sind]?\n\nDanke\n{agent}'],
  en: ['Hello {name},\n\ncould you please tell us [which device this happens on|whether the error persists after a restart|when we can reach you]?\n\nThanks\n{agent}'],
};

export interface Names {
  name: string;
  agent: string;
  category: string;
}

function personal(rng: DemoRandom, locale: Locale, template: string, names: Names): string {
  return fill(
    rng,
    locale,
    template
      .replace(/\{name\}/g, names.name.split(' ')[0] ?? names.name)
      .replace(/\{agent\}/g, names.agent)
      .replace(/\{category\}/g, names.category),
  );
}

export const conversation = {
  firstReply: (rng: DemoRandom, locale: Locale, names: Names) => personal(rng, locale, rng.pick(FIRST_REPLY[locale]), names),
  note: (rng: DemoRandom, locale: Locale, names: Names) => personal(rng, locale, rng.pick(NOTES[locale]), names),
  followUp: (rng: DemoRandom, locale: Locale) => rng.pick(FOLLOW_UPS[locale]),
  question: (rng: DemoRandom, locale: Locale, names: Names) => personal(rng, locale, rng.pick(PENDING_QUESTION[locale]), names),
  resolution: (rng: DemoRandom, locale: Locale, category: CategoryKey, names: Names) =>
    personal(rng, locale, RESOLUTION[locale].replace('{solution}', rng.pick(CATEGORY_TEXTS[category][locale].solutions)), names),
  escalation: (locale: Locale, team: string) => (locale === 'de' ? `Eskaliert an ${team}: bitte übernehmen.` : `Escalated to ${team}: please take over.`),
};
