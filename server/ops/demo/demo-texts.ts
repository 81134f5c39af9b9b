import type { Locale } from '../../../shared/enums.ts';
import type { CategoryKey } from './demo-catalogue.ts';

/**
 * Templates for demo tickets. `[a|b|c]` picks one alternative, `{slot}` fills a shared slot
 * (see demo-text.ts). German texts use umlauts and inflected forms on purpose, so that search
 * by stem can be tried out ("Drucker", "Druckers", "druckt", "gedruckt").
 */
export interface CategoryTexts {
  subjects: string[];
  bodies: string[];
  solutions: string[];
}

export const CATEGORY_TEXTS: Record<CategoryKey, Record<Locale, CategoryTexts>> = {
  mail: {
    de: {
      subjects: [
        'Outlook startet nicht',
        'Outlook [hängt|friert ein] beim Öffnen',
        'E-Mails kommen nicht an',
        'Postfach voll',
        'Kein Zugriff auf das Gruppenpostfach [Vertrieb|Einkauf|Personal]',
        'Abwesenheitsnotiz lässt sich nicht einrichten',
        'Kalender wird nicht synchronisiert',
      ],
      bodies: [
        '{greeting}\n\nseit {since} [startet Outlook nicht mehr|bleibt Outlook beim Laden des Profils hängen|zeigt Outlook nur noch "Verbindung wird hergestellt"]. Ich habe den Rechner schon neu gestartet, leider ohne Erfolg. {urgency}\n\n{closing}',
        '{greeting}\n\nich bekomme seit {since} keine E-Mails mehr von externen Absendern. [Interne Mails kommen an.|Die Kollegen im {place} haben dasselbe Problem.] Die Fehlermeldung lautet: "{mailError}".\n\n{closing}',
        '{greeting}\n\nmein Postfach ist laut Outlook voll und ich kann keine Nachrichten mehr senden. Kann das Kontingent erhöht werden oder sollen alte Mails archiviert werden?\n\n{closing}',
      ],
      solutions: [
        'Das Outlook-Profil wurde neu angelegt, danach startet Outlook wieder normal.',
        'Die Weiterleitungsregel war fehlerhaft und wurde gelöscht; die E-Mails werden wieder zugestellt.',
        'Das Postfach wurde auf 100 GB erweitert und die Online-Archivierung aktiviert.',
      ],
    },
    en: {
      subjects: [
        'Outlook does not start',
        'Outlook [hangs|freezes] when opening',
        'Emails are not arriving',
        'Mailbox full',
        'No access to the shared mailbox [Sales|Purchasing]',
        'Calendar does not sync to my phone',
      ],
      bodies: [
        '{greeting}\n\nsince {since} Outlook [no longer starts|hangs while loading the profile|only shows "Trying to connect"]. I already restarted the computer, without success. {urgency}\n\n{closing}',
        '{greeting}\n\nI have not received any emails from external senders since {since}. The error message says: "{mailError}".\n\n{closing}',
        '{greeting}\n\nOutlook says my mailbox is full and I cannot send messages any more. Could you raise the quota?\n\n{closing}',
      ],
      solutions: [
        'We recreated your Outlook profile; Outlook starts normally again.',
        'A broken forwarding rule was removed; emails are delivered again.',
        'Your mailbox was extended to 100 GB and online archiving is switched on.',
      ],
    },
  },
  vpn: {
    de: {
      subjects: ['VPN-Verbindung bricht ab', 'VPN verbindet nicht im Homeoffice', 'VPN-Zertifikat abgelaufen', 'Kein Zugriff auf Laufwerke über VPN'],
      bodies: [
        '{greeting}\n\nim Homeoffice [bricht die VPN-Verbindung alle paar Minuten ab|kommt keine VPN-Verbindung zustande|verbindet sich der VPN-Client, aber die Netzlaufwerke fehlen]. Fehlermeldung: "{vpnError}". {urgency}\n\n{closing}',
        '{greeting}\n\nder VPN-Client meldet seit {since}, dass mein Zertifikat abgelaufen ist. Ohne VPN kann ich nicht auf SAP und die Laufwerke zugreifen.\n\n{closing}',
      ],
      solutions: [
        'Das Zertifikat wurde erneuert; bitte den Laptop einmal im Büro oder per Kabel verbinden.',
        'Der VPN-Client wurde auf die aktuelle Version aktualisiert, die Verbindung ist stabil.',
        'Ihr Router blockierte UDP 4500; mit dem Fallback auf TCP klappt die Verbindung.',
      ],
    },
    en: {
      subjects: ['VPN connection keeps dropping', 'VPN does not connect from home', 'VPN certificate expired', 'Network drives missing over VPN'],
      bodies: [
        '{greeting}\n\nworking from home, [the VPN connection drops every few minutes|the VPN does not connect at all|the VPN connects but my network drives are missing]. Error: "{vpnError}". {urgency}\n\n{closing}',
        '{greeting}\n\nsince {since} the VPN client says my certificate has expired. Without VPN I cannot reach SAP or the shared drives.\n\n{closing}',
      ],
      solutions: [
        'The certificate was renewed; please connect the laptop once in the office or by cable.',
        'The VPN client was updated to the current version; the connection is stable now.',
        'Your router blocked UDP 4500; the TCP fallback works.',
      ],
    },
  },
  sap: {
    de: {
      subjects: ['SAP: fehlende Berechtigung für Transaktion [FB60|ME21N|VA01|MIRO]', 'SAP-Anmeldung gesperrt', 'SAP GUI stürzt beim Drucken ab', 'Buchung in SAP nicht möglich'],
      bodies: [
        '{greeting}\n\nbeim Aufruf der Transaktion [FB60|ME21N|VA01|MIRO] erhalte ich die Meldung "Keine Berechtigung". Ich brauche den Zugriff für [die Monatsabschlüsse|Bestellungen|Kundenaufträge]. {urgency}\n\n{closing}',
        '{greeting}\n\nmein SAP-Benutzer ist nach mehreren Fehlversuchen gesperrt. Bitte entsperren.\n\n{closing}',
        '{greeting}\n\nseit {since} lassen sich in SAP keine Rechnungen mehr buchen: "Periode nicht geöffnet". Betrifft die ganze Buchhaltung.\n\n{closing}',
      ],
      solutions: [
        'Die Rolle wurde nach Freigabe durch die Fachabteilung zugewiesen; bitte neu anmelden.',
        'Der SAP-Benutzer ist entsperrt, ein Initialkennwort wurde per SMS verschickt.',
        'Die Buchungsperiode wurde geöffnet, Buchungen sind wieder möglich.',
      ],
    },
    en: {
      subjects: ['SAP: missing authorisation for transaction [FB60|ME21N|VA01]', 'SAP user locked', 'SAP GUI crashes when printing'],
      bodies: [
        '{greeting}\n\nwhen I open transaction [FB60|ME21N|VA01] I get "No authorisation". I need access for [month-end closing|purchase orders|sales orders]. {urgency}\n\n{closing}',
        '{greeting}\n\nmy SAP user is locked after several failed logins. Please unlock it.\n\n{closing}',
      ],
      solutions: ['The role was assigned after approval by your department; please log in again.', 'Your SAP user is unlocked; an initial password was sent by text message.'],
    },
  },
  printer: {
    de: {
      subjects: [
        'Drucker im {place} druckt nicht',
        'Druckauftrag hängt in der Warteschlange',
        'Papierstau am Drucker [Etage 2|Empfang|Lager]',
        'Toner leer beim Farbdrucker',
        'Neuer Drucker soll eingerichtet werden',
        'Drucker druckt nur leere Seiten',
      ],
      bodies: [
        '{greeting}\n\nder Drucker im {place} [druckt seit {since} nichts mehr|zeigt "Offline" an|meldet einen Papierstau, obwohl kein Papier feststeckt]. Modell: {printer}. Es ist dringend, wir müssen [Lieferscheine|Rechnungen|Etiketten] drucken. {urgency}\n\n{closing}',
        '{greeting}\n\nmeine Druckaufträge bleiben in der Warteschlange hängen und werden nicht gedruckt. Andere Kollegen können auf dem Drucker drucken.\n\n{closing}',
        '{greeting}\n\nder Toner des Druckers ({printer}) im {place} ist leer. Gibt es Ersatz im Lager?\n\n{closing}',
      ],
      solutions: [
        'Der Druckertreiber wurde neu installiert, der Drucker druckt wieder.',
        'Die Druckwarteschlange wurde geleert und der Spooler neu gestartet.',
        'Ein neuer Toner wurde eingesetzt.',
        'Die Fixiereinheit des Druckers war defekt und wurde vom Service getauscht.',
      ],
    },
    en: {
      subjects: ['Printer in the {placeEn} is not printing', 'Print job stuck in the queue', 'Paper jam on the printer', 'Colour printer out of toner', 'Please set up a new printer'],
      bodies: [
        '{greeting}\n\nthe printer in the {placeEn} [has not printed anything since {since}|shows "Offline"|reports a paper jam although nothing is stuck]. Model: {printer}. {urgency}\n\n{closing}',
        '{greeting}\n\nmy print jobs are stuck in the queue and never get printed. Colleagues can print on the same printer.\n\n{closing}',
      ],
      solutions: ['The printer driver was reinstalled; the printer prints again.', 'The print queue was cleared and the spooler restarted.', 'A new toner cartridge was installed.'],
    },
  },
  laptop: {
    de: {
      subjects: ['Laptop startet nicht mehr', 'Akku des Laptops hält nur noch kurz', 'Bildschirm flackert', 'Tastatur defekt', 'Laptop sehr langsam', 'Neuer Laptop für neuen Mitarbeiter'],
      bodies: [
        '{greeting}\n\nmein Laptop ({laptop}) [startet seit {since} nicht mehr|bleibt beim Hochfahren mit schwarzem Bildschirm stehen|wird extrem heiß und schaltet sich ab]. {urgency}\n\n{closing}',
        '{greeting}\n\nder Akku meines Laptops hält nur noch etwa eine Stunde. Kann er getauscht werden?\n\n{closing}',
        '{greeting}\n\nfür unseren neuen Kollegen im {place} brauchen wir ab nächstem Monat einen Laptop mit Dockingstation.\n\n{closing}',
      ],
      solutions: [
        'Das Mainboard wurde im Rahmen der Garantie getauscht.',
        'Der Akku wurde ersetzt.',
        'Ein Ersatzgerät liegt am Service Desk zur Abholung bereit.',
        'Das BIOS-Update hat das Problem behoben.',
      ],
    },
    en: {
      subjects: ['Laptop does not boot', 'Laptop battery drains quickly', 'Screen flickers', 'Laptop very slow', 'New laptop for a new starter'],
      bodies: [
        '{greeting}\n\nmy laptop ({laptop}) [has not booted since {since}|stops at a black screen on start-up|gets very hot and switches off]. {urgency}\n\n{closing}',
        '{greeting}\n\nmy laptop battery only lasts about an hour. Can it be replaced?\n\n{closing}',
      ],
      solutions: ['The mainboard was replaced under warranty.', 'The battery was replaced.', 'A replacement laptop is ready for pick-up at the service desk.'],
    },
  },
  password: {
    de: {
      subjects: ['Passwort vergessen', 'Passwort zurücksetzen', 'Konto gesperrt', 'MFA: neues Handy, keine Anmeldung möglich', 'Zugang für neue Mitarbeiterin anlegen'],
      bodies: [
        '{greeting}\n\nich habe mein Passwort vergessen und kann mich nicht mehr anmelden. Bitte setzen Sie es zurück. {urgency}\n\n{closing}',
        '{greeting}\n\nmein Konto ist gesperrt, nachdem ich das Passwort mehrmals falsch eingegeben habe. Ich muss dringend an die Kundendaten.\n\n{closing}',
        '{greeting}\n\nich habe ein neues Handy und die Authenticator-App ist weg. Ohne Bestätigung komme ich nicht mehr ins Konto.\n\n{closing}',
      ],
      solutions: [
        'Das Passwort wurde zurückgesetzt, das Einmalkennwort wurde telefonisch mitgeteilt.',
        'Das Konto ist entsperrt.',
        'Die MFA-Registrierung wurde zurückgesetzt; bitte das neue Handy unter aka.ms/mfasetup einrichten.',
      ],
    },
    en: {
      subjects: ['Forgot my password', 'Reset password please', 'Account locked', 'MFA: new phone, cannot sign in'],
      bodies: [
        '{greeting}\n\nI forgot my password and cannot sign in any more. Please reset it. {urgency}\n\n{closing}',
        '{greeting}\n\nmy account is locked after too many wrong passwords.\n\n{closing}',
        '{greeting}\n\nI got a new phone and the authenticator app is gone, so I cannot confirm my sign-in.\n\n{closing}',
      ],
      solutions: ['Your password was reset; the one-time password was given to you by phone.', 'Your account is unlocked.', 'Your MFA registration was reset; please set up the new phone.'],
    },
  },
  teams: {
    de: {
      subjects: ['Teams: kein Ton in Besprechungen', 'Teams-Kamera wird nicht erkannt', 'Teams-Kanal für Projekt anlegen', 'Bildschirmfreigabe in Teams geht nicht'],
      bodies: [
        '{greeting}\n\nin Teams-Besprechungen [hören mich die anderen nicht|höre ich niemanden|wird meine Kamera nicht erkannt]. Headset: {headset}. {urgency}\n\n{closing}',
        '{greeting}\n\nfür das Projekt "[Lagerumbau|Neue Website|ERP-Umstellung]" brauchen wir ein Team mit Kanälen für die Abteilungen.\n\n{closing}',
      ],
      solutions: [
        'Im Teams-Client war das falsche Audiogerät ausgewählt; jetzt funktioniert der Ton.',
        'Das Team wurde angelegt, Sie sind Besitzerin/Besitzer.',
        'Der Kameratreiber wurde aktualisiert.',
      ],
    },
    en: {
      subjects: ['Teams: no sound in meetings', 'Teams does not detect my camera', 'Screen sharing in Teams fails'],
      bodies: ['{greeting}\n\nin Teams meetings [nobody can hear me|I cannot hear anyone|my camera is not detected]. Headset: {headset}. {urgency}\n\n{closing}'],
      solutions: ['The wrong audio device was selected in Teams; sound works now.', 'The camera driver was updated.'],
    },
  },
  erp: {
    de: {
      subjects: ['Rechnung im Kundenportal fehlt', 'Lieferschein stimmt nicht mit Bestellung überein', 'Schnittstelle zum ERP liefert Fehler', 'Falsche Preise auf der Rechnung'],
      bodies: [
        '{greeting}\n\nunsere Rechnung Nr. {number} fehlt im Kundenportal. Die Buchhaltung braucht sie bis Monatsende.\n\n{closing}',
        '{greeting}\n\nauf dem Lieferschein zur Bestellung {number} fehlen [zwei Positionen|die Seriennummern|die Chargennummern]. {urgency}\n\n{closing}',
        '{greeting}\n\nunsere EDI-Schnittstelle meldet seit {since} "Fehler 500" beim Abruf der Bestellungen.\n\n{closing}',
      ],
      solutions: [
        'Die Rechnung wurde erneut erzeugt und steht im Portal bereit.',
        'Die Stammdaten wurden korrigiert; eine Gutschrift folgt.',
        'Der Schnittstellendienst wurde neu gestartet, die Bestellungen werden wieder übertragen.',
      ],
    },
    en: {
      subjects: ['Invoice missing in the customer portal', 'Delivery note does not match the order', 'ERP interface returns errors'],
      bodies: [
        '{greeting}\n\nour invoice no. {number} is missing in the customer portal. Accounting needs it by the end of the month.\n\n{closing}',
        '{greeting}\n\nour EDI interface has returned "error 500" since {since} when fetching orders. {urgency}\n\n{closing}',
      ],
      solutions: ['The invoice was generated again and is available in the portal.', 'The interface service was restarted; orders are transferred again.'],
    },
  },
  webshop: {
    de: {
      subjects: ['Anmeldung im Webshop nicht möglich', 'Bestellung im Webshop hängt', 'Zahlung fehlgeschlagen', 'Lieferstatus wird nicht angezeigt'],
      bodies: [
        '{greeting}\n\nich kann mich seit {since} nicht mehr im Webshop anmelden: "{shopError}". {urgency}\n\n{closing}',
        '{greeting}\n\nmeine Bestellung {number} steht seit Tagen auf "in Bearbeitung". Wann wird geliefert?\n\n{closing}',
      ],
      solutions: [
        'Ihr Konto im Webshop wurde entsperrt.',
        'Die Bestellung wurde manuell freigegeben und ist unterwegs.',
        'Der Zahlungsanbieter hatte eine Störung; die Zahlung wurde erneut angestoßen.',
      ],
    },
    en: {
      subjects: ['Cannot log in to the web shop', 'Web shop order stuck', 'Payment failed', 'Delivery status not shown'],
      bodies: [
        '{greeting}\n\nsince {since} I cannot log in to the web shop: "{shopError}". {urgency}\n\n{closing}',
        '{greeting}\n\nmy order {number} has been "processing" for days. When will it ship?\n\n{closing}',
      ],
      solutions: ['Your web shop account was unlocked.', 'The order was released manually and is on its way.'],
    },
  },
  wifi: {
    de: {
      subjects: ['WLAN im {place} sehr langsam', 'Kein WLAN im Besprechungsraum', 'Netzwerkdose ohne Verbindung'],
      bodies: ['{greeting}\n\ndas WLAN im {place} ist [seit {since} sehr langsam|ständig weg|nur mit einem Balken verfügbar]. {urgency}\n\n{closing}'],
      solutions: ['Ein zusätzlicher Access Point wurde installiert.', 'Der Switch-Port war deaktiviert und wurde freigeschaltet.'],
    },
    en: {
      subjects: ['Wi-Fi in the {placeEn} very slow', 'No Wi-Fi in the meeting room'],
      bodies: ['{greeting}\n\nthe Wi-Fi in the {placeEn} [has been very slow since {since}|keeps dropping]. {urgency}\n\n{closing}'],
      solutions: ['An additional access point was installed.'],
    },
  },
  software: {
    de: {
      subjects: ['Bitte [Visio|Adobe Acrobat|Power BI|7-Zip] installieren', 'Lizenz für [Visio|Adobe Acrobat] abgelaufen', 'Software-Update schlägt fehl'],
      bodies: [
        '{greeting}\n\nich benötige für meine Arbeit [Visio|Adobe Acrobat Pro|Power BI Desktop]. Die Freigabe meiner Vorgesetzten liegt vor.\n\n{closing}',
        '{greeting}\n\ndas Update von [Office|Windows|dem Virenscanner] bricht mit Fehler {number} ab.\n\n{closing}',
      ],
      solutions: ['Die Software wurde über das Softwarecenter verteilt.', 'Die Lizenz wurde verlängert.'],
    },
    en: {
      subjects: ['Please install [Visio|Adobe Acrobat|Power BI]', 'Software update fails'],
      bodies: ['{greeting}\n\nI need [Visio|Adobe Acrobat Pro|Power BI Desktop] for my work. My manager has approved it.\n\n{closing}'],
      solutions: ['The software was deployed through the Software Center.'],
    },
  },
  phone: {
    de: {
      subjects: ['Telefon zeigt "Kein Dienst"', 'Headset-Ersatz benötigt', 'Rufumleitung einrichten'],
      bodies: [
        '{greeting}\n\nmein Tischtelefon im {place} zeigt seit {since} "Kein Dienst". {urgency}\n\n{closing}',
        '{greeting}\n\nmein Headset ({headset}) ist kaputt, das Mikrofon geht nicht mehr.\n\n{closing}',
      ],
      solutions: ['Das Telefon wurde neu provisioniert.', 'Ein neues Headset liegt am Service Desk bereit.'],
    },
    en: {
      subjects: ['Desk phone shows "No service"', 'Need a replacement headset'],
      bodies: ['{greeting}\n\nmy desk phone shows "No service" since {since}.\n\n{closing}'],
      solutions: ['The phone was provisioned again.'],
    },
  },
};
