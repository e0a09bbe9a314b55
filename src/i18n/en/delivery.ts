/** Messages of key delivery: show once, CSV, crash repair, the key limit. */
export const delivery = {
  'delivery.needed':
    'The AccessKey secret is shown only once, so a non-interactive run must say where it goes: {flags}.',
  'delivery.csvExists': '{where}: {path} already exists; it is never overwritten. Pick another path.',
  'delivery.csvNoFolder':
    '{where}: the folder of {path} does not exist or cannot be written. Pick another path.',
  'delivery.csvBadName':
    '{where}: {path} cannot be a file name here (too long, or a character file names cannot have). Pick another path.',
  'delivery.csvNoFolderShort': 'the folder of {path} does not exist or cannot be written',
  'delivery.csvUnwritable':
    '{where}: {path} could not be written ({reason}); the key was deleted. Pick another path.',
  'delivery.csvTaken': '{path} already exists; pick another path',
  'delivery.creating': 'Creating an AccessKey',
  'delivery.csvWritten': 'Saved the AccessKey to {path} (readable only by you).',
  'delivery.secretTitle': 'Your new AccessKey',
  'delivery.idLabel': 'AccessKey ID',
  'delivery.secretLabel': 'AccessKey Secret',
  'delivery.secretOnce':
    'The secret is shown only this once. Nobody can show it again, not even Alibaba Cloud.',
  'delivery.offerCsv': 'Save it to a CSV file as well?',
  'delivery.confirmSaved': 'I have saved the AccessKey secret',
  'delivery.recoveredCsv':
    'An interrupted run had already written key {id} to {csv}; counting it as delivered.',
  'delivery.askShownSaved':
    'An interrupted run showed you the secret of key {id}. Did you save it? (If not, the key is disabled and deleted.)',
  'delivery.removedOrphan':
    'Key {id} was created but its secret never reached you, so it was disabled and deleted.',
  'delivery.removedUnconfirmed':
    'Key {id} was shown by an interrupted run but never confirmed as saved, so it was disabled and deleted.',
  'delivery.gaveUp': 'Could not create an AccessKey whose secret reaches you; run again.',
  'delivery.limitReached':
    'There are already {count} AccessKeys, the most allowed ({limit}, Active and Inactive together).',
  'delivery.askWhichKey': 'Free a slot: which key?',
  'delivery.askAction': 'What should happen to {id}?',
  'delivery.actionDisable': 'Disable it (it stops working but still counts)',
  'delivery.actionDisableDelete': 'Disable and delete it',
  'delivery.actionDelete': 'Delete it',
  'delivery.cancel': 'Cancel (keep every key)',
  'delivery.usedHere': '(delivered by this profile)',
  'delivery.createdAt': 'created {at}',
  'delivery.csvBadNameShort':
    '{path} cannot be a file name (too long, or a character file names cannot have)',
} as const;
