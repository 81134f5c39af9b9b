import type { mobile as english } from '../en/mobile.ts';

/** Deutsche Oberflächentexte: Ansicht auf dem Telefon. Gleiche Schlüssel wie ../en/mobile.ts. */
export const mobile: typeof english = {
  mobile: {
    menu: 'Menü',
  },
};
