/**
 * Labelled requests for the knowledge evaluation: what people type into the portal, with the
 * topic of the article that answers it ("-" when no article does). Typos, colloquial words,
 * compounds, mixed languages and requests in the other language than the article are on
 * purpose; so are look-alikes that share words with an article but are not answered by it.
 * Every second line is held out (see run-evaluation.ts): tune only on the other half.
 * Format: `topic | de|en | text`.
 */
export const EVAL_REQUEST_LINES = `
password-reset | de | Passwort vergessen
password-reset | de | ich hab mein kennwort vergessen und komme nicht mehr rein
password-reset | en | forgot my password
password-reset | en | how do I reset my password
password-reset | de | Passwort zurücksetzen bitte
password-reset | de | pasword vergesen
password-reset | en | need a new password, cant remember the old one
password-reset | de | neues Kennwort setzen
account-locked | de | Konto gesperrt
account-locked | de | mein account ist gesperrt nach mehreren versuchen
account-locked | en | my account is locked out
account-locked | en | locked out after too many login attempts
account-locked | de | Benutzerkonto gespeert, bitte entsperren
account-locked | de | kann mich nicht anmelden, Konto blockiert
account-locked | en | account blocked, please unlock
vpn | de | VPN verbindet nicht
vpn | de | im homeoffice keine verbindung zum vpn
vpn | en | vpn not connecting from home
vpn | en | GlobalProtect keeps failing to connect
vpn | de | globalprotect spinnt schon wieder
vpn | de | Fernzugriff geht nicht mehr
vpn | en | cant connect to VPN
vpn | de | VPN Verbindung bricht ab, gateway nicht erreichbar
wifi | de | WLAN geht nicht
wifi | de | Wie kommt ein Besucher ins Gäste-WLAN?
wifi | en | guest wifi access for a visitor
wifi | en | laptop won't connect to wireless
wifi | de | Laptop verbindet sich nicht mehr mit dem Wlan
wifi | en | wi-fi password for guests
wifi | de | kein Internet über Funknetz
printer-not-printing | de | Drucker druckt nicht
printer-not-printing | de | drucker spinnt, druckauftrag hängt
printer-not-printing | en | printer not printing
printer-not-printing | en | print jobs stuck in queue
printer-not-printing | de | Druckerwarteschlange hängt, nichts kommt raus
printer-not-printing | de | Der Kopierer im 2. OG druckt nix mehr
printer-not-printing | en | my documents dont print
printer-not-printing | de | drukcer druckt nicht
printer-not-printing | en | printing does not work anymore
add-printer | de | Netzwerkdrucker hinzufügen
add-printer | de | wie installiere ich den drucker im neuen büro
add-printer | en | add a network printer
add-printer | en | how to install printer driver
add-printer | de | Drucker einrichten
add-printer | de | neuen Drucker verbinden
add-printer | en | set up printer on my laptop
shared-mailbox | de | Zugriff auf Sammelpostfach
shared-mailbox | de | ich brauche das info postfach in outlook
shared-mailbox | en | access to shared mailbox
shared-mailbox | en | shared inbox not showing in outlook
shared-mailbox | de | Funktionspostfach wird nicht angezeigt
shared-mailbox | de | gemeinsames Postfach öffnen
shared-mailbox | en | how do I open the team mailbox
shared-mailbox | de | teampostfach fehlt in outlook
outlook-sync | de | Outlook bekommt keine Mails mehr
outlook-sync | de | es kommen keine neuen E-Mails an
outlook-sync | en | outlook not receiving emails
outlook-sync | en | no new mail in outlook, says disconnected
outlook-sync | de | Outlook synchronisiert nicht
outlook-sync | de | outlook zeigt getrennt an
outlook-sync | en | emails are not arriving
outlook-sync | de | Oultook empfängt nichts
mfa | de | Authenticator App einrichten
mfa | de | neues Handy, zwei faktor geht nicht mehr
mfa | en | set up two factor authentication
mfa | en | new phone, MFA app needs to be moved
mfa | de | 2FA einrichten
mfa | de | bekomme keinen Code mehr aufs Handy für die Anmeldung
mfa | en | authenticator app not working on my new phone
mfa | en | how to register MFA
teams-audio | de | Teams Mikrofon funktioniert nicht
teams-audio | de | im meeting hört mich keiner
teams-audio | en | teams microphone not working
teams-audio | en | nobody can hear me in teams calls
teams-audio | de | kein Ton in Teams
teams-audio | de | headset geht in teams nicht
teams-audio | en | no sound in meetings
teams-audio | de | Mikro in Teams stumm obwohl nicht gemutet
out-of-office | de | Abwesenheitsnotiz einrichten
out-of-office | de | wie stelle ich die Urlaubsnotiz in Outlook ein
out-of-office | en | set out of office reply
out-of-office | en | automatic replies while on vacation
out-of-office | de | automatische Antwort im Urlaub
out-of-office | en | how to turn on OOO message
out-of-office | de | abwesenheitsassistent outlook
mailbox-full | de | Postfach voll
mailbox-full | de | kann keine Mails mehr senden, Speicher voll
mailbox-full | en | mailbox full
mailbox-full | en | mailbox storage quota exceeded
mailbox-full | de | Postfachgröße überschritten
mailbox-full | en | my inbox is full, cannot send
mailbox-full | de | Outlook meldet Postfach fast voll
onedrive | de | OneDrive synchronisiert nicht
onedrive | de | onedrive sync angehalten rotes kreuz
onedrive | en | onedrive not syncing
onedrive | en | OneDrive sync paused, red cross
onedrive | de | Dateien werden nicht in die Cloud hochgeladen
onedrive | en | one drive files not uploading
onedrive | de | onedrive spinnt
slow-computer | de | Laptop sehr langsam
slow-computer | de | mein rechner ist total lahm
slow-computer | en | computer is very slow
slow-computer | en | laptop freezes and is sluggish
slow-computer | de | PC hängt ständig
slow-computer | de | laptop langsam seit update
slow-computer | en | my pc takes forever
slow-computer | de | rechner ruckelt und friert ein
monitor-dock | de | Zweiter Bildschirm wird nicht erkannt
monitor-dock | de | monitor an dockingstation bleibt schwarz
monitor-dock | en | external monitor not detected
monitor-dock | en | docking station second screen black
monitor-dock | de | Bildschirm zeigt kein Signal
monitor-dock | en | dock not detecting my display
monitor-dock | de | externer Monitor geht nicht
phishing | de | Phishing Mail melden
phishing | de | komische Mail bekommen, ist das Betrug?
phishing | en | report phishing email
phishing | en | I clicked a link in a suspicious email
phishing | de | verdächtige E-Mail mit Anhang
phishing | en | got a scam mail asking for my password
phishing | de | habe auf einen link in einer spam mail geklickt
sap-unlock | de | SAP Benutzer gesperrt
sap-unlock | de | sap kennwort abgelaufen
sap-unlock | en | SAP user locked
sap-unlock | en | SAP password expired
sap-unlock | en | cannot log in to SAP, account blocked
sap-unlock | de | SAP Anmeldung geht nicht mehr
sap-unlock | en | reset my SAP password
install-software | de | Software installieren
install-software | de | ich brauche ein programm auf meinem laptop
install-software | en | install software
install-software | en | how do I install an application
install-software | en | need admin rights to install a program
install-software | de | Softwarecenter Programm fehlt
install-software | en | where is the software center
phone-mail | de | E-Mail auf dem Diensthandy einrichten
phone-mail | de | outlook auf iphone einrichten
phone-mail | en | set up email on my work phone
phone-mail | en | outlook app on android
phone-mail | en | how to get mail on my mobile
phone-mail | de | Mails aufs Handy bekommen
phone-mail | en | company email on iphone
share-calendar | de | Kalender freigeben
share-calendar | de | Kollegin soll meinen Kalender sehen
share-calendar | en | share my calendar with a colleague
share-calendar | en | calendar permissions for my assistant
share-calendar | en | give delegate access to calendar
share-calendar | de | Kalenderfreigabe für Stellvertretung
share-calendar | en | how can others see my calendar
toner | de | Toner leer
toner | de | toner wechseln
toner | en | printer toner empty
toner | en | how to replace toner cartridge
toner | en | order new toner
toner | de | Tonerkartusche bestellen
toner | en | printer says toner low
network-drive | de | Netzlaufwerk verbinden
network-drive | de | Laufwerk S fehlt
network-drive | en | map network drive
network-drive | en | S drive missing from home
network-drive | en | cannot access shared drive
network-drive | de | H Laufwerk nicht da im Homeoffice
network-drive | en | network drive not showing
headset-bluetooth | de | Bluetooth Headset koppeln
headset-bluetooth | de | kopfhörer verbindet sich nicht mit laptop
headset-bluetooth | en | pair bluetooth headset
headset-bluetooth | en | headphones wont pair with laptop
headset-bluetooth | en | jabra headset connect
headset-bluetooth | de | headset per bluetooth verbinden
headset-bluetooth | en | bluetooth headset keeps connecting to my phone
browser-cache | en | clear browser cache
browser-cache | en | intranet shows old content
browser-cache | de | Browser Cache leeren
browser-cache | de | Cookies löschen
browser-cache | de | Intranet zeigt alte Seite an
browser-cache | de | Webseite lädt nicht richtig in Chrome
browser-cache | de | browserverlauf und cache löschen
scan-to-email | en | scan to email not arriving
scan-to-email | en | scanner does not send email
scan-to-email | de | Scan kommt nicht per Mail an
scan-to-email | de | scannen an e-mail geht nicht
scan-to-email | de | eingescanntes Dokument kommt nicht an
scan-to-email | de | Scanner schickt keine Mail
scan-to-email | en | scanned document never arrives
large-files | en | send large files
large-files | en | attachment too large to send
large-files | de | große Dateien verschicken
large-files | de | Anhang zu groß
large-files | de | wie schicke ich eine große Datei an einen Kunden
large-files | de | datei über 25 mb versenden
large-files | en | how to share big files with external partners
keyboard-layout | en | keyboard types wrong characters
keyboard-layout | en | Y and Z swapped
keyboard-layout | de | Tastatur schreibt falsche Zeichen
keyboard-layout | de | Y und Z vertauscht
keyboard-layout | de | keine Umlaute mehr auf der Tastatur
keyboard-layout | de | tastaturlayout falsch
keyboard-layout | en | keyboard layout wrong
restore-file | en | restore deleted file
restore-file | en | accidentally deleted a file on the network drive
restore-file | de | Datei versehentlich gelöscht
restore-file | de | gelöschte Datei wiederherstellen
restore-file | de | Dokument überschrieben, alte Version zurückholen
restore-file | de | ordner auf dem laufwerk ist weg
restore-file | en | recover previous version of a file
webcam | en | camera not working in teams
webcam | en | webcam shows black screen
webcam | de | Kamera geht nicht in Teams
webcam | de | webcam bild schwarz
webcam | de | Kamera funktioniert nicht im Videocall
webcam | de | man sieht mich nicht in der Videokonferenz
webcam | en | zoom camera not detected
- | de | Die Kaffeemaschine geht nicht mehr
- | de | Urlaubsantrag stellen
- | en | how do I submit my expense report
- | de | Gehaltsabrechnung ist falsch
- | en | parking space for visitors
- | de | Bürostuhl ist kaputt
- | en | my desk lamp is broken
- | de | Heizung im Büro funktioniert nicht
- | en | where is the canteen menu
- | de | Visitenkarten bestellen
- | en | I lost my office key
- | de | Reisekosten abrechnen
- | en | book a meeting room for tomorrow
- | de | Neuer Mitarbeiter braucht einen Schreibtisch
- | en | the elevator is not working
- | de | Firmenwagen Tankkarte verloren
- | en | request a new company car
- | de | Wo finde ich das Organigramm?
- | en | who approves my overtime
- | de | Fenster im Besprechungsraum klemmt
- | de | Drucker bestellen für das neue Team
- | en | buy a new laptop for an intern
- | de | Passwort für den Tresor im Sekretariat
- | en | the coffee machine is broken
- | de | Klimaanlage zu kalt
- | en | payroll question about my bonus
- | de | Betriebsrat Sprechstunde
- | en | website relaunch budget approval
- | de | Homepage Texte ändern lassen
- | en | printer paper delivery for the warehouse
- | de | Schlüssel für den Serverraum abholen
- | en | how many vacation days do I have left
- | de | Wasserschaden im Keller
- | en | training budget for a course
- | de | Telefonnummer der Kantine
- | en | the toilet on the second floor is clogged
- | de | Mein Auto springt nicht an
- | en | my bike was stolen from the parking lot
- | de | Lizenz für Dienstwagen Führerscheinkontrolle
- | en | apply for parental leave
- | de | Handy privat kaputt, Display gesprungen
- | en | dinner reservation for the team event
`;

export interface EvalRequest {
  topic: string | null;
  language: 'de' | 'en';
  text: string;
  /** Held out while tuning (every second line). */
  heldOut: boolean;
}

export function evalRequests(): EvalRequest[] {
  const lines = EVAL_REQUEST_LINES.split('\n').filter((l) => l.trim());
  return lines.map((line, index) => {
    const [topic, language, ...text] = line.split('|').map((p) => p.trim());
    return { topic: topic === '-' ? null : topic!, language: language as 'de' | 'en', text: text.join('|'), heldOut: index % 2 === 1 };
  });
}
