import { describe, expect, it } from 'vitest';
import { clusterTexts, type ClusterInput } from './cluster-texts.ts';

/** Realistic help-desk tickets in German and English, with typos, and look-alikes that are other problems. */
const TICKETS: Array<[string, string, string]> = [
  // The VPN drops after the update (German and English, one typo).
  ['vpn-1', 'VPN-Verbindung bricht ständig ab', 'Seit dem Update von heute Morgen bricht die VPN-Verbindung alle paar Minuten ab. Ich muss mich dann neu anmelden.'],
  ['vpn-2', 'VPN trennt sich alle 5 Minuten', 'Hallo, meine VPN Verbindung bricht immer wieder ab, seit dem Update. Gruß Jana'],
  ['vpn-3', 'VPN connection keeps dropping', 'Since this morning my VPN connection drops every few minutes after the update.'],
  ['vpn-4', 'Verbindungsabbruch VPN', 'Die VPN-Verbindng bricht nach dem Update dauernd ab, Home-Office unmöglich.'],
  // Password reset for SAP.
  ['sap-1', 'SAP Passwort zurücksetzen', 'Bitte mein SAP Passwort zurücksetzen, ich bin gesperrt.'],
  ['sap-2', 'Passwrot SAP gesperrt', 'Mein SAP-Konto ist nach drei Versuchen gesperrt, bitte Passwort zurücksetzen.'],
  ['sap-3', 'SAP account locked, password reset', 'My SAP account is locked, please reset my password.'],
  // The printer on the second floor does not print (one typo).
  ['print-1', 'Drucker im 2. OG druckt nicht', 'Der Drucker im zweiten Stock druckt nicht, Aufträge bleiben in der Warteschlange hängen.'],
  ['print-2', 'Druker druckt nicht mehr', 'Unser Drucker im 2. OG druckt nicht, die Warteschlange hängt.'],
  ['print-3', 'Printer 2nd floor not printing', 'The printer on the second floor is not printing, jobs stuck in the queue.'],
  // Look-alikes: same first word, other problems.
  ['toner', 'Drucker: Toner bestellen', 'Bitte neuen Toner für den Drucker in Raum 204 bestellen, er ist fast leer.'],
  ['vpn-access', 'VPN-Zugang beantragen', 'Für die neue Kollegin bitte einen VPN-Zugang einrichten, sie fängt am Montag an.'],
  ['outlook-cal', 'Outlook Kalender freigeben', 'Wie kann ich meinen Outlook-Kalender für meine Assistenz freigeben?'],
  ['outlook-start', 'Outlook startet nicht', 'Outlook startet nicht mehr, es bleibt beim Profil laden hängen.'],
  ['windows-pw', 'Windows Passwort abgelaufen', 'Mein Windows-Passwort ist abgelaufen und ich komme nicht mehr an den Rechner.'],
  ['monitor', 'Zweiter Monitor bleibt schwarz', 'Der zweite Monitor an der Dockingstation bleibt schwarz.'],
  ['paper-jam', 'Papierstau im Drucker', 'Im Drucker am Empfang ist Papier gestaut, Fach 2 lässt sich nicht öffnen.'],
  ['outlook-sync', 'Outlook synchronisiert nicht', 'Neue Mails kommen im Outlook nicht an, die Synchronisation hängt.'],
  ['teams-mic', 'Teams: Mikrofon geht nicht', 'Im Teams-Meeting hört mich niemand, das Headset wird erkannt.'],
  ['teams-cam', 'Kamera in Teams schwarz', 'Meine Webcam zeigt im Teams-Meeting nur ein schwarzes Bild.'],
  ['mailbox-full', 'Postfach voll', 'Ich bekomme die Meldung, dass mein Postfach voll ist und kann keine Mails senden.'],
];

const inputs: ClusterInput[] = TICKETS.map(([, subject, body], i) => ({ id: i + 1, subject, body }));
const name = (id: number) => TICKETS[id - 1]?.[0];

describe('recurring problems', () => {
  it('groups tickets about the same problem across German, English and typos, and keeps look-alikes apart', () => {
    const clusters = clusterTexts(inputs).map((c) => ({ label: c.label, names: c.ids.map(name).sort() }));
    expect(clusters.map((c) => c.names)).toEqual([
      ['vpn-1', 'vpn-2', 'vpn-3', 'vpn-4'],
      ['print-1', 'print-2', 'print-3'],
      ['sap-1', 'sap-2', 'sap-3'],
    ]);
    // A representative subject as the label.
    expect(TICKETS.filter(([n]) => n.startsWith('vpn-')).map(([, s]) => s)).toContain(clusters[0]?.label);
  });

  it('finds nothing recurring among unrelated tickets', () => {
    const unrelated = ['toner', 'vpn-access', 'outlook-cal', 'outlook-start', 'windows-pw', 'monitor', 'paper-jam', 'outlook-sync', 'teams-mic', 'teams-cam', 'mailbox-full'];
    expect(clusterTexts(inputs.filter((i) => unrelated.includes(name(i.id) ?? '')))).toEqual([]);
  });
});
