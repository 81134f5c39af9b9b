import type { profile as english } from '../en/profile.ts';

/** Deutsche Oberflächentexte: profile. Gleiche Schlüssel wie ../en/profile.ts. */
export const profile: typeof english = {
  profile: {
    title: 'Ihr Profil',
    language: 'Sprache',
    languageOfBrowser: 'Wie im Browser (Mails in der Sprache Ihrer ersten Nachricht)',
    timeZone: 'Zeitzone',
    signature: 'Signatur',
    signatureHint: 'Wird unter Ihre Antworten gesetzt.',
    changePassword: 'Passwort ändern',
    currentPassword: 'Aktuelles Passwort',
    newPassword: 'Neues Passwort',
    passwordChanged: 'Ihr Passwort wurde geändert.',
    tokens: 'API-Tokens',
    tokensHint: 'Für Skripte und Integrationen: als „Authorization: Bearer <Token>“ senden.',
    tokenName: 'Name des Tokens',
    createToken: 'Token erzeugen',
    tokenCreated: 'Kopieren Sie dieses Token jetzt; es wird nur einmal angezeigt:',
    revoke: 'Widerrufen',
    lastUsed: 'Zuletzt benutzt',
    never: 'nie',
    noTokens: 'Noch keine Tokens.',
  },
};
