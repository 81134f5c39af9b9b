import type { GroupLevel, Locale, OrganisationKind } from '../../../shared/enums.ts';

/**
 * The fixed part of the demo: a medium company ("Nordlicht Logistik GmbH") with its
 * departments, its customers, support teams, agents and service catalogue.
 */
export const COMPANY_DOMAIN = 'nordlicht.example';

export interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  domain: string | null;
  sharesTickets: boolean;
  locale: Locale;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { name: 'IT', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Vertrieb', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Buchhaltung', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Personal', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Einkauf', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Lager und Logistik', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Marketing', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Geschäftsführung', kind: 'internal', domain: null, sharesTickets: false, locale: 'de' },
  { name: 'Bäckerei Hofmann KG', kind: 'customer', domain: 'baeckerei-hofmann.example', sharesTickets: false, locale: 'de' },
  { name: 'Müller & Söhne Maschinenbau GmbH', kind: 'customer', domain: 'mueller-soehne.example', sharesTickets: true, locale: 'de' },
  { name: 'Stadtwerke Lindenau', kind: 'customer', domain: 'stadtwerke-lindenau.example', sharesTickets: true, locale: 'de' },
  { name: 'Praxis Dr. Yılmaz', kind: 'customer', domain: 'praxis-yilmaz.example', sharesTickets: false, locale: 'de' },
  { name: 'Brightwave Ltd', kind: 'customer', domain: 'brightwave.example', sharesTickets: true, locale: 'en' },
  { name: 'Oakridge Consulting', kind: 'customer', domain: 'oakridge.example', sharesTickets: false, locale: 'en' },
];

export interface DemoGroup {
  name: string;
  level: GroupLevel;
  description: string;
}

/** Added to the default groups (Service Desk, 2nd and 3rd Level Support) that bootstrap creates. */
export const DEMO_GROUPS: DemoGroup[] = [
  { name: 'Netzwerk', level: 'specialist', description: 'Fachteam Netzwerk: VPN, WLAN, Firewall, Standortanbindung.' },
  { name: 'SAP', level: 'specialist', description: 'Fachteam SAP und ERP: Berechtigungen, Buchungen, Schnittstellen.' },
  { name: 'Arbeitsplatz/Clients', level: 'specialist', description: 'Fachteam Arbeitsplatz: Laptops, Drucker, Software-Verteilung.' },
  { name: 'Webshop', level: 'specialist', description: 'Fachteam Webshop und Kundenportal.' },
];

/** Where tickets of a category end up when the Service Desk hands them on. */
export type TeamKey = 'Service Desk' | '2nd Level Support' | '3rd Level Support' | 'Netzwerk' | 'SAP' | 'Arbeitsplatz/Clients' | 'Webshop';

export interface DemoCategory {
  key: CategoryKey;
  name: string;
  team: TeamKey;
  tags: string[];
  /** How common the category is among tickets. */
  weight: number;
  /** Customers raise these; employees raise the others. */
  forCustomers: boolean;
}

export type CategoryKey = 'mail' | 'vpn' | 'sap' | 'printer' | 'laptop' | 'password' | 'teams' | 'erp' | 'webshop' | 'wifi' | 'software' | 'phone';

export const DEMO_CATEGORIES: DemoCategory[] = [
  { key: 'mail', name: 'Outlook/E-Mail', team: 'Arbeitsplatz/Clients', tags: ['outlook', 'e-mail', 'postfach'], weight: 14, forCustomers: false },
  { key: 'vpn', name: 'VPN', team: 'Netzwerk', tags: ['vpn', 'homeoffice', 'zertifikat'], weight: 9, forCustomers: false },
  { key: 'sap', name: 'SAP', team: 'SAP', tags: ['sap', 'berechtigung', 'fi'], weight: 8, forCustomers: false },
  { key: 'printer', name: 'Drucker', team: 'Arbeitsplatz/Clients', tags: ['drucker', 'hardware', 'toner'], weight: 12, forCustomers: false },
  { key: 'laptop', name: 'Laptop', team: 'Arbeitsplatz/Clients', tags: ['laptop', 'hardware', 'akku'], weight: 9, forCustomers: false },
  { key: 'password', name: 'Passwort/Konto', team: 'Service Desk', tags: ['passwort', 'konto', 'mfa'], weight: 15, forCustomers: false },
  { key: 'teams', name: 'Teams', team: 'Arbeitsplatz/Clients', tags: ['teams', 'meeting', 'audio'], weight: 7, forCustomers: false },
  { key: 'erp', name: 'ERP', team: 'SAP', tags: ['erp', 'rechnung', 'schnittstelle'], weight: 6, forCustomers: true },
  { key: 'webshop', name: 'Webshop', team: 'Webshop', tags: ['webshop', 'bestellung', 'login'], weight: 9, forCustomers: true },
  { key: 'wifi', name: 'Netzwerk/WLAN', team: 'Netzwerk', tags: ['wlan', 'netzwerk'], weight: 5, forCustomers: false },
  { key: 'software', name: 'Software-Installation', team: 'Arbeitsplatz/Clients', tags: ['software', 'installation', 'lizenz'], weight: 4, forCustomers: false },
  { key: 'phone', name: 'Telefonie', team: '2nd Level Support', tags: ['telefon', 'headset'], weight: 2, forCustomers: false },
];

export interface DemoAgent {
  name: string;
  email: string;
  locale: Locale;
  groups: TeamKey[];
}

const agent = (name: string, groups: TeamKey[], locale: Locale = 'de'): DemoAgent => ({
  name,
  email: `${mailLocalPart(name)}@${COMPANY_DOMAIN}`,
  locale,
  groups,
});

/** The first agent is the one whose sign-in the demo prints. */
export const DEMO_AGENTS: DemoAgent[] = [
  agent('Anna Schmidt', ['Service Desk']),
  agent('Jonas Becker', ['Service Desk']),
  agent('Leonie Wagner', ['Service Desk']),
  agent('Mehmet Kaya', ['Service Desk', 'Netzwerk']),
  agent('Sophie Hartmann', ['Service Desk']),
  agent('Tom Richter', ['Service Desk', 'Arbeitsplatz/Clients']),
  agent('Olivia Brown', ['Service Desk', 'Webshop'], 'en'),
  agent('Lukas Neumann', ['2nd Level Support', 'Arbeitsplatz/Clients']),
  agent('Katharina Wolf', ['2nd Level Support']),
  agent('Daniel Schröder', ['2nd Level Support', 'Netzwerk']),
  agent('Felix Zimmermann', ['3rd Level Support']),
  agent('Priya Sharma', ['3rd Level Support', 'SAP'], 'en'),
  agent('Stefan Krüger', ['Netzwerk']),
  agent('Julia Lehmann', ['SAP']),
  agent('Markus Braun', ['SAP']),
  agent('Sabine Köhler', ['Arbeitsplatz/Clients']),
  agent('Niklas Fuchs', ['Arbeitsplatz/Clients']),
  agent('James Walker', ['Webshop'], 'en'),
  agent('Lena Weber', ['Webshop']),
];

export const DEMO_PASSWORDS = { agent: 'demo-agent-2026', customer: 'demo-kunde-2026' } as const;

/** The customer whose sign-in the demo prints: a requester of a customer company. */
export const DEMO_CUSTOMER = { name: 'Emily Carter', email: 'emily.carter@brightwave.example', organisation: 'Brightwave Ltd', locale: 'en' as Locale };

export const GERMAN_FIRST = [
  'Anna',
  'Lukas',
  'Marie',
  'Paul',
  'Sophie',
  'Jan',
  'Laura',
  'Felix',
  'Hannah',
  'Max',
  'Lea',
  'Tobias',
  'Julia',
  'Moritz',
  'Katrin',
  'Jörg',
  'Ute',
  'Günter',
  'Björn',
  'Jürgen',
  'Ayşe',
  'Murat',
  'Elif',
  'Özlem',
  'Dominik',
  'Sandra',
  'Thomas',
  'Claudia',
  'Andreas',
  'Petra',
];
export const GERMAN_LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Öztürk',
];
export const ENGLISH_FIRST = ['Emily', 'James', 'Olivia', 'Oliver', 'Amelia', 'Harry', 'Isla', 'Jack', 'Grace', 'George', 'Chloe', 'Noah', 'Sophia', 'Liam', 'Ruby', 'Ethan', 'Mia', 'Daniel'];
export const ENGLISH_LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Carter',
];

/** "Jörg Müller" → "joerg.mueller": the local part of a demo e-mail address. */
export function mailLocalPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}
