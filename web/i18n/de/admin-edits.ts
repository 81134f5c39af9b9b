import type { adminEdits as english } from '../en/admin-edits.ts';

/** Deutsche Oberflächentexte: Stammdaten umbenennen und stilllegen, Benutzer anlegen, erzwungene Passwortänderung. Gleiche Schlüssel wie ../en/admin-edits.ts. */
export const adminEdits: typeof english = {
  adminEdits: {
    rowActions: 'Aktionen',
    moveUp: '„{{name}}“ nach oben',
    moveDown: '„{{name}}“ nach unten',
    rename: 'Umbenennen',
    newName: 'Neuer Name für {{name}}',
    delete: 'Löschen',
    deleteTitle: '„{{name}}“ löschen?',
    deleteMessage: 'Löschen lässt sich nur, was kein Ticket, keine Person und keine Einstellung verwendet. Das kann nicht rückgängig gemacht werden.',
    inUse:
      '„{{name}}“ wird noch verwendet (Tickets, Personen oder Einstellungen verweisen darauf) und kann daher nicht gelöscht werden. Deaktivieren Sie es stattdessen: Es verschwindet aus den Auswahllisten, alte Tickets behalten es.',
    userCreated: '{{name}} wurde angelegt.',
    userCreatedIn: '{{name}} wurde in {{organisation}} angelegt.',
    localeUnset: 'Wie im Browser',
    byDomain: 'Nach Mail-Domain (automatisch)',
    groupsHint: 'Bearbeiter/innen ohne Gruppe kommen in die Standardgruppe.',
  },
  passwordChange: {
    title: 'Eigenes Passwort wählen',
    why: 'Sie haben sich mit einem erzeugten Passwort angemeldet. Wählen Sie ein eigenes, bevor Sie weitermachen; das erzeugte gilt danach nicht mehr.',
    current: 'Erzeugtes Passwort',
    new: 'Ihr neues Passwort',
    submit: 'Passwort speichern und weiter',
    signOut: 'Abmelden',
    required: 'Bitte wählen Sie zuerst ein eigenes Passwort.',
  },
};
