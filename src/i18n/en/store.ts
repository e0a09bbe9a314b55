/** Messages about the local files: the config dir, its files, the run lock and short mutexes. */
export const store = {
  'store.corrupt': '{file} is corrupt ({reason}). It was left untouched.',
  'store.unreadable': 'Cannot read {file} ({reason}).',
  'store.unreadableHint': 'Check that {file} belongs to you and is readable by you (mode 0600).',
  'store.unwritable': 'Cannot write {file} ({reason}).',
  'store.unwritableHint':
    'Check that there is free disk space and that the directory holding {file} belongs to you.',
  'store.readOnlyHint':
    '{dir} is on a read-only file system, and onboard writes beside its files even to read them (the simulated cloud’s lock file). Use a config dir on a writable one: --config-dir <dir> or ONBOARD_CONFIG_DIR.',
  'store.locked':
    'Another onboard run (pid {pid}, `{command}`, since {since}) is using this profile. Wait for it to finish, or stop it.',
  'store.lockedHint': 'If process {pid} is not an onboard run, delete {file} and run again.',
  'store.busy': '{file} stayed locked by another onboard process for too long.',
  'store.busyHint': 'Run the command again in a moment. If this keeps happening, delete {file}.',
  'store.lockedElsewhere':
    '{file} was taken by an onboard run on another machine ({host}: pid {pid}, `{command}`, since {since}); onboard cannot tell from here whether that run is still going.',
  'store.lockedElsewhereHint':
    'A config dir restored from a CI cache, or copied from another machine, brings such a lock along. If no onboard run on {host} uses this folder any more, remove the lock and run again: {remove}',
  'store.ownerNotKept':
    '{file} belongs to {owner}, and this run could not keep it theirs (replacing it would hand it to the user running onboard); nothing was changed.',
  'store.ownerNotKeptHint':
    'Run onboard as the owner of {file} (not as root or another user), or give the file to the user running onboard first.',
  'store.modeFixed': '{file} could be read by other users (mode {from}); changed it to {to}.',
  'store.dirNotPrivate':
    "{file} can be read by other users (mode {mode}) and holds files that are not onboard's, so onboard will neither use it nor change its mode.",
  'store.dirNotPrivateHint':
    'Use a folder of its own, e.g. --config-dir ~/.config/onboard, or make {file} private (chmod 700).',
  'output.unwritable': 'Could not write to standard output ({reason}).',
  'output.unwritableHint':
    'Any secret meant for it did not reach you: the key was disabled and deleted. Run again with a writable output or --csv.',
  'store.notAFile':
    '{file} is a FIFO, socket or device, not a file: onboard does not open it (it could wait forever).',
  'store.notRegularFile':
    '{file} is a folder or a symbolic link, not a file: onboard does not open or follow it.',
  'store.notAFileHint': 'Move {file} aside (or delete it if it is not yours to keep) and run again.',
  'store.migrateConflict':
    '{file} (the earlier one-file store) and {other} both hold profile {profile}, and they differ. onboard changed neither.',
  'store.migrateConflictHint':
    'If {other} is the current one, move {file} aside (e.g. to {file}.migrated); otherwise move {other} aside. Then run again.',
  'store.stateCorrupt': '{file} cannot be used ({reason}). It was left untouched.',
  'store.stateCorruptFix':
    'Move it aside and start over with `{onboard} reset --yes` (forgets local progress; cloud resources stay), or restore a backup of {file}.',
} as const;
