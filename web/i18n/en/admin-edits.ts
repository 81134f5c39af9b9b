/** English UI texts: renaming and retiring reference data, creating users, the forced password change. German in ../de/admin-edits.ts (same keys). */
export const adminEdits = {
  adminEdits: {
    rowActions: 'Actions',
    moveUp: 'Move “{{name}}” up',
    moveDown: 'Move “{{name}}” down',
    rename: 'Rename',
    newName: 'New name for {{name}}',
    delete: 'Delete',
    deleteTitle: 'Delete “{{name}}”?',
    deleteMessage: 'Only what no ticket, person or setting uses can be deleted. This cannot be undone.',
    inUse: '“{{name}}” is still in use (tickets, people or settings refer to it), so it cannot be deleted. Deactivate it instead: it disappears from the lists to pick from, and old tickets keep it.',
    userCreated: '{{name}} was added.',
    userCreatedIn: '{{name}} was added to {{organisation}}.',
    localeUnset: 'As in the browser',
    byDomain: 'By mail domain (automatic)',
    groupsHint: 'Agents without a group join the default group.',
  },
  passwordChange: {
    title: 'Choose your own password',
    why: 'You signed in with a generated password. Choose your own before you continue; the generated one will stop working.',
    current: 'Generated password',
    new: 'Your new password',
    submit: 'Save password and continue',
    signOut: 'Sign out',
    required: 'Please choose your own password first.',
  },
};
