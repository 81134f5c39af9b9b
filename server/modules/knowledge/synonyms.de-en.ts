/**
 * Curated German/English IT-support vocabulary for knowledge suggestions: each line is one
 * concept and the words and phrases people use for it, in either language, formal or
 * colloquial. Article and query text both gain the concept wherever one of its words
 * appears (also as the tail or head of a German compound: "Netzwerkdrucker" → printer), so
 * "Kennwort" finds an article about "password" and "Sammelpostfach" one about "shared mailbox".
 *
 * Keep entries specific: a word listed under two unrelated concepts makes unrelated articles
 * meet. Phrases are matched word by word on their stems ("geht nicht mehr").
 * Format: `concept: word, word, multi word phrase, …`.
 */
export const SYNONYM_LINES = `
printer: drucker, printer, druckers, netzwerkdrucker, multifunktionsdrucker, mfp, multifunktionsgerat, kopierer, copier, laserdrucker, printers
print: drucken, druckt, druck, ausdruck, ausdrucken, print, printing, prints, printed, druckauftrag, druckauftrage, print job, druckjob, druckerwarteschlange, print queue, spooler, warteschlange, queue
toner: toner, tonerkartusche, kartusche, cartridge, patrone, tinte, ink, druckerpatrone, toner cartridge
paper: papier, paper, papierstau, paper jam, stau, jam
scan: scan, scannen, scanner, scanning, scans, eingescannt, einscannen, scan to email, scan to mail
password: passwort, kennwort, password, passwd, pw, pwd, passwords, passworter, kennworter, zugangsdaten, credentials, login daten, anmeldedaten
reset: zurucksetzen, reset, resetten, neu setzen, andern, change, vergessen, forgot, forgotten, neues passwort, new password
locked: gesperrt, locked, locked out, lockout, sperre, gesperrte, ausgesperrt, blocked, blockiert, entsperren, unlock, freischalten, sperrung
account: konto, account, benutzerkonto, user account, benutzer, kennung, userid, username, benutzername, login, anmeldung, sign in, signin, log in, logon, anmelden, einloggen, einlogge
vpn: vpn, globalprotect, anyconnect, forticlient, fernzugriff, remote access, tunnel, homeoffice, home office, remote, von zuhause, from home, mobiles arbeiten
wifi: wlan, wifi, wi fi, wireless, funknetz, hotspot, ssid, wlan netz, drahtlos, gastnetz, gast wlan, guest wifi, gaste wlan, eduroam, internet
network: netzwerk, network, lan, netz, kabel, ethernet, netzwerkkabel, connection, verbindung, verbunden, connect, connected, verbinden, connecting
mailbox: postfach, mailbox, inbox, posteingang, mail box, mailpostfach, e mail postfach, email postfach
shared: sammelpostfach, shared mailbox, gemeinsames postfach, funktionspostfach, teampostfach, gruppenpostfach, team mailbox, shared inbox, abteilungspostfach, info postfach, gemeinsam, shared, geteilt, geteiltes postfach
email: email, e mail, mail, mails, emails, e mails, nachricht, nachrichten, message, messages, mailprogramm
outlook: outlook, exchange, owa, outlook web
sync: synchronisieren, synchronisiert, sync, syncing, synchronise, synchronize, synchronisation, synchronization, abgleich, aktualisiert, update nicht, synced, synct, synchronisierung
arrive: ankommen, kommen an, kommt an, eingang, empfangen, receive, receiving, arrive, arriving, arrives, incoming, bekomme keine, get no, no new
send: senden, versenden, verschicken, schicken, send, sending, sent, gesendet, verschickt
full: voll, full, speicher voll, quota, kontingent, speicherplatz, storage, storage limit, limit, grosse, size, ubervoll, platz, space, out of space, zu gross, too big, mailbox full
mfa: mfa, 2fa, zwei faktor, two factor, zweifaktor, 2 faktor, authenticator, authenticator app, authentifizierung, authentication, multi factor, multifaktor, totp, einmalcode, code, sicherheitscode, verification code, bestatigungscode, push, push benachrichtigung, otp
phone: handy, smartphone, telefon, phone, mobile, mobiltelefon, diensthandy, iphone, android, mobile phone, work phone, firmenhandy
teams: teams, ms teams, microsoft teams, zoom, webex, videokonferenz, video call, video conference, meeting, besprechung, call, anruf, konferenz, videocall, telco, online meeting
microphone: mikrofon, mikro, microphone, mic, mikrofon stumm, muted, stumm, stummgeschaltet, headset, kopfhorer, headphones, earphones, lautsprecher, speaker, speakers, ton, audio, sound, horen, hear, hort mich, can t hear, hears me
camera: kamera, camera, webcam, cam, video, bild schwarz, black screen video
bluetooth: bluetooth, koppeln, pairing, pair, gekoppelt, paired, kopplung
autoreply: abwesenheitsnotiz, abwesenheit, out of office, ooo, automatic reply, automatic replies, auto reply, autoreply, automatische antwort, abwesenheitsassistent, urlaubsnotiz, vacation reply, im urlaub, on vacation, away message, abwesend
calendar: kalender, calendar, termin, termine, appointments, appointment, kalenderfreigabe, freigabe, share calendar, terminplaner, delegate, stellvertreter, delegation
share: freigeben, freigabe, teilen, share, sharing, berechtigung, berechtigungen, permission, permissions, zugriff, access, zugriffsrechte, access rights, rechte
onedrive: onedrive, one drive, sharepoint, cloud, cloudspeicher, cloud speicher, dateiablage
file: datei, dateien, file, files, dokument, dokumente, document, documents, ordner, folder, ordners
deleted: geloscht, uberschrieben, overwritten, overwrite, uberschreiben, geloescht, deleted, versehentlich geloscht, accidentally deleted, wiederherstellen, restore, recover, recovery, wiederherstellung, papierkorb, recycle bin, vorherige version, previous version, previous versions, undelete, weg, verschwunden, gone, missing, lost, verloren
drive: netzlaufwerk, map, mappen, gemappt, mapping, laufwerk, network drive, mapped drive, share drive, shared drive, fileserver, file server, dateiserver, laufwerksbuchstabe, drive letter, h laufwerk, s laufwerk, gruppenlaufwerk, abteilungslaufwerk, unc, netzwerkordner, network folder
slow: langsam, slow, lahm, trage, ewig, dauert ewig, takes forever, laggy, ruckelt, lag, sluggish, hangt, hangs, freezes, friert ein, einfrieren, frozen, performance, leistung, zah, kriecht, schnecke
computer: computer, rechner, pc, laptop, notebook, desktop, arbeitsplatz, workstation, thinkpad, macbook, geraet, gerat, device, client, kiste
monitor: monitor, bildschirm, screen, display, zweiter bildschirm, second screen, external monitor, externer monitor, beamer, projector, anzeige, bildschirme, monitore, displays
dock: dockingstation, docking station, dock, docking, usb c, usb-c hub, hub, thunderbolt, port replicator, portreplikator, adapter, hdmi, displayport
detected: erkannt, detected, erkennt, recognised, recognized, no signal, kein signal, bleibt schwarz, stays black, schwarz, black, blank
phishing: phishing, spam, verdachtig, suspicious, betrug, scam, fake, gefalscht, fraud, betrugsmail, spammail, junk, schadsoftware, malware, virus, trojaner, link angeklickt, clicked a link, anhang geoffnet, opened attachment
report: melden, report, reporting, weiterleiten, forward, meldung, anzeigen
sap: sap, sap gui, saplogon, sap logon, fiori, erp
software: software, programm, programme, program, programs, anwendung, anwendungen, app, apps, application, applications, tool, tools, installieren, installation, install, installing, installed, softwarecenter, software center, company portal, unternehmensportal, setup, lizenz, license
admin: adminrechte, admin rechte, administratorrechte, admin rights, administrator rights, local admin, lokale adminrechte, elevated, erhohte rechte, uac
keyboard: tastatur, keyboard, tasten, keys, tastaturlayout, keyboard layout, layout, qwertz, qwerty, umlaute, umlauts, sonderzeichen, special characters, y und z, y and z, vertauscht, swapped, wrong characters, falsche zeichen, falsche buchstaben, wrong letters
browser: browser, chrome, edge, firefox, safari, internet explorer, webbrowser, web browser
cache: cache, zwischenspeicher, cookies, cookie, browserverlauf, browser history, verlauf, history, browserdaten, browsing data, site data, websitedaten, leeren, clear, clearing, loschen
website: webseite, website, seite, page, intranet, portal, web app, webanwendung, url, link, laden, load, loading, ladt nicht, doesn t load, wont load
transfer: ubertragung, transfer, filetransfer, file transfer, wetransfer, grosse dateien, large files, big files, grosse datei, large file, anhang zu gross, attachment too large, dateigrosse, file size, versand, sharefile
attachment: anhang, anhange, attachment, attachments, anlage, anlagen, beilage
broken: spinnt, kaputt, defekt, broken, geht nicht, geht nicht mehr, funktioniert nicht, funktioniert nicht mehr, not working, doesn t work, does not work, isn t working, won t work, stopped working, faulty, streikt, tut nicht, tut s nicht, will nicht, klappt nicht, lauft nicht, ausgefallen, ausfall, down, outage, fehler, error, fehlermeldung, error message, problem, probleme, issue, issues, trouble, stort, storung, hakt, macht zicken, zickt, failing, fails, failed, fehlgeschlagen, gestort
not_connect: verbindet nicht, keine verbindung, no connection, cannot connect, can t connect, won t connect, verbindungsfehler, connection failed, getrennt, disconnected, disconnects, bricht ab, drops, abbruch, bricht ständig ab, keeps dropping, offline
headset: headset, kopfhorer, headphones, earbuds, airpods, jabra, plantronics, poly
new_device: einrichten, setup, set up, configure, konfigurieren, installieren, hinzufugen, add, adding, anlegen, verbinden mit, neu einrichten, erstmalig, first time, new, neu, neues, neuer
hardware_order: bestellen, order, ordering, bestellung, anfordern, request new, beantragen
time: zeit, uhrzeit, time
guest: gast, gaste, guest, guests, besucher, visitor, visitors
certificate: zertifikat, certificate, cert, ssl, tls, zertifikatsfehler, certificate error, unsicher, not secure, nicht sicher
update: update, updates, aktualisierung, aktualisieren, windows update, patch, neustart, restart, reboot, neu starten, hochfahren, boot, booting, startet nicht, won t start, doesn t start, bootet nicht
battery: akku, battery, batterie, ladt nicht, not charging, laden, charging, ladegerat, charger, netzteil, power supply, strom, power
sound_volume: leise, quiet, laut, loud, lautstarke, volume, echo, rauschen, noise, knistert, crackling, ruckkopplung, feedback
sign_out: abmelden, sign out, logout, log out, abgemeldet, signed out
`;

export interface SynonymGroup {
  concept: string;
  /** Folded words and phrases (space separated tokens). */
  terms: string[];
}
