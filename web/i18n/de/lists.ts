import type { lists as english } from '../en/lists.ts';

/** Deutsche Oberflächentexte: was die Ticketlisten zuerst zeigen, die Bewertungsskala. Gleiche Schlüssel wie ../en/lists.ts. */
export const lists: typeof english = {
  lists: {
    notClosed: 'Alle außer geschlossenen',
    allStatuses: 'Alle, auch geschlossene',
    waitingForYou: 'Wartet auf Ihre Antwort',
    waitingForYouHint: 'Das Support-Team hat Ihnen eine Frage gestellt: Bitte antworten Sie, damit es weitergehen kann.',
    inProgress: 'In Bearbeitung',
    resolved: 'Gelöst',
    closed: 'Geschlossen',
    showClosed: 'Geschlossene Anfragen zeigen',
    noClosed: 'Keine geschlossenen Anfragen.',
    rating: {
      1: '1 – sehr unzufrieden',
      2: '2 – unzufrieden',
      3: '3 – teils, teils',
      4: '4 – zufrieden',
      5: '5 – sehr zufrieden',
    },
    ratingShort: { 1: 'sehr unzufrieden', 2: 'unzufrieden', 3: 'teils, teils', 4: 'zufrieden', 5: 'sehr zufrieden' },
  },
};
