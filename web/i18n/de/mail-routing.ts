import type { mailRouting as english } from '../en/mail-routing.ts';

/** Deutsche Oberflächentexte: Verteilung neuer E-Mails (Administration). Gleiche Schlüssel wie ../en/mail-routing.ts. */
export const mailRouting: typeof english = {
  mailRouting: {
    title: 'Verteilung neuer E-Mails',
    intro:
      'Neue Tickets aus E-Mails an eine Adresse (oder jede Adresse einer Domain) landen in dieser Gruppe, mit dieser Kategorie, falls angegeben. Antworten bleiben bei ihrem Ticket; andere E-Mails gehen an die Standardgruppe.',
    address: 'Adresse oder @Domain',
    group: 'Gruppe',
    chooseGroup: 'Gruppe wählen',
    category: 'Kategorie',
    noCategory: 'Keine Kategorie',
    add: 'Verteilung hinzufügen',
    none: 'Keine Verteilung: alle neuen E-Mails gehen an die Standardgruppe.',
  },
};
