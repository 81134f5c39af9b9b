import type { kbImages as english } from '../en/kb-images.ts';

/** Deutsche Oberflächentexte: Bilder in Wissensartikeln (hochladen, einfügen, hineinziehen). Gleiche Schlüssel wie ../en/kb-images.ts. */
export const kbImages: typeof english = {
  kbImages: {
    insert: 'Bild einfügen',
    hint: 'PNG, JPEG, GIF oder WebP bis 5 MB: Datei wählen, einfügen oder in den Text ziehen.',
    uploading: 'Bild wird hochgeladen …',
    inserted_one: 'Bild eingefügt.',
    inserted_other: '{{count}} Bilder eingefügt.',
    notAnImage: 'Nur Bilder im Format PNG, JPEG, GIF oder WebP lassen sich einfügen (kein SVG).',
    tooLarge: 'Ein Bild darf höchstens 5 MB groß sein.',
    defaultAlt: 'Bildschirmfoto',
  },
};
