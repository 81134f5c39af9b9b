/** English UI texts: the phone layout. German in ../de/mobile.ts (same keys). */
export const mobile = {
  mobile: {
    menu: 'Menu',
  },
};
