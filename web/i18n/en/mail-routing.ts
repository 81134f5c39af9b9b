/** English UI texts: mail routing (admin). German (../de/mail-routing.ts) has exactly the same keys (locales.test.ts). */
export const mailRouting = {
  mailRouting: {
    title: 'Routing of new mail',
    intro:
      'New tickets from mail sent to an address (or any address of a domain) land in this group, with this category if given. Replies stay with their ticket; other mail goes to the default group.',
    address: 'Address or @domain',
    group: 'Group',
    chooseGroup: 'Choose a group',
    category: 'Category',
    noCategory: 'No category',
    add: 'Add route',
    none: 'No routes: all new mail goes to the default group.',
  },
};
