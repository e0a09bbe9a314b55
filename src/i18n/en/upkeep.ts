/** Messages of keeping a setup well: `keys rotate`, `doctor`, `completion`. */
export const upkeep = {
  'cli.keysRotate':
    'Replace an AccessKey: a new key delivered wherever the old one was, checked with a live call, then the old key disabled',
  'cli.rotateDeleteOld':
    'also delete the old key once it is disabled (else a person is asked; scripts keep it disabled)',
  'cli.rotateDisableFirst':
    'at the key limit: disable and delete this key first to make room (asks first; --yes in scripts)',
  'cli.doctorDescription':
    'Check that what the profile set up works from your side, one line and one fix per check (changes nothing)',
  'cli.completionDescription': 'Print a completion script for bash, zsh or fish',
  'completion.unknownShell': 'No completion for "{shell}": the shells are {shells}.',

  'rotate.targetCli': 'aliyun CLI profile "{name}"',
  'rotate.targetCredentials': 'credentials section [{name}]',
  'rotate.creating': 'Creating the new AccessKey',
  'rotate.verifying': 'Checking {id} with a call made with it',
  'rotate.notVerified':
    'The new key {id} did not pass its check ({detail}); it was removed and nothing was changed.',
  'rotate.replaced': 'Replaced in place: {where}',
  'rotate.freed': 'Disabled and deleted {id} to make room.',
  'rotate.stoppedMidway':
    'The rotation stopped after the new key reached some places; run {command} to finish it.',
  'rotate.confirmDeleteOld': 'Delete the old key {id} now? (It is disabled; deleting cannot be undone.)',
  'rotate.unreadable':
    'The new key {id} reached {where}, but its secret can no longer be read back there to finish the rotation.',
  'rotate.unreadableHint': 'Look at the keys with {command}, then disable and delete the one nothing uses.',
  'rotate.noCsvName': 'No free name for a new CSV beside {path}.',
  'rotate.twoFirsts': '--disable-first {a} and --delete-first {b} name different keys; give one.',
  'rotate.noKey': 'This profile delivered no Active key to rotate for this owner.',
  'rotate.listHint': 'The keys: {command}',
  'rotate.several': 'This profile delivered several Active keys ({ids}); name the one to rotate.',
  'rotate.severalHint': 'For example: {command}',
  'rotate.askWhich': 'Which key should be replaced?',
  'rotate.unknownKey': "No key {id} among this owner's keys, and this profile never delivered it.",
  'rotate.nowhere':
    'onboard does not know where {id} went (this profile did not deliver it, and no aliyun CLI profile or credentials section holds it): nothing would get its replacement.',
  'rotate.nowhereHint': 'Make a new key with the delivery you want instead: {command}',
  'rotate.shownOnly':
    '{id} was only shown on screen: its replacement must be too. Run in a terminal, or add --show-secret (without --json).',
  'rotate.targetUnusable': '{where} ({path}) cannot take the new key: {problem}. Nothing was changed.',
  'rotate.badFirst':
    "--disable-first {id}: name another of this owner's keys than {old}, the one being rotated.",
  'rotate.atLimit':
    'The owner has {limit} keys, its limit: {id} would have to be disabled and deleted first to make room for the new key.',
  'rotate.atLimitHint': 'To do so: {command}',
  'rotate.mustFree': 'At the key limit. To make room: {id} ({status}, created {created}){held}.',
  'rotate.heldHere': ', delivered by this profile',
  'rotate.confirmFree': 'Disable and delete {id} first?',
  'rotate.firstNotNeeded': 'Below the key limit: {id} is left as it is.',
  'rotate.rolledBack':
    'An interrupted rotation of {id} was rolled back: its new key ({made}) never reached a tool and was removed; {id} is as it was.',
  'rotate.verifiedSts':
    'Checked {id}: STS GetCallerIdentity, called with it, answered for the right account and user.',
  'rotate.verifiedProvider':
    "Checked {id}: the provider lists it Active among the owner's keys (the simulated cloud takes no key in-process).",
  'rotate.oldDisabled': 'Disabled the old key {id}.',
  'rotate.oldDeleted': 'Disabled and deleted the old key {id}.',
  'rotate.oldGone': 'The old key {id} no longer exists.',
  'rotate.done': 'Rotated {old} → {new}.',
  'rotate.finished': 'Finished the interrupted rotation {old} → {new}.',
  'rotate.deleteLater': 'When you are sure nothing uses it any more: {command}',

  'doctor.fix': 'fix:',
  'doctor.summaryOk': '{checks} checks: no problem ({warnings} warnings).',
  'doctor.summaryProblems': '{checks} checks: {problems} problems, {warnings} warnings.',
  'doctor.noSetup': 'There is no setup named "{profile}" in this config dir.',
  'doctor.accountRefused': 'The account cannot be reached: {reason}',
  'doctor.signInAgain': 'The session expired: sign in again to check the setup live.',
  'doctor.account': 'The account {uid} answers ({who}).',
  'doctor.rotationLeft': 'A rotation of {id} was interrupted.',
  'doctor.pendingKey': 'A key creation was interrupted; the next run finishes or removes it.',
  'doctor.ramUserGone': 'The RAM user {name} no longer exists.',
  'doctor.keyGone': 'The delivered key {id} no longer exists.',
  'doctor.keyInactive': 'The delivered key {id} is disabled: every tool holding it fails.',
  'doctor.keyActive': 'The delivered key {id} exists and is Active.',
  'doctor.keyUnused': '{id} was last used {days} days ago: if nothing needs it, disable it.',
  'doctor.keyNeverUsed':
    '{id} has not been used in the {days} days since it was made: if nothing needs it, disable it.',
  'doctor.targetUnusable': '{where} cannot be read by the official credential client: {reason}',
  'doctor.targetMissing': '{where} is gone: it held {id}.',
  'doctor.targetOtherKey': '{where} holds {found}, not the delivered key {id}.',
  'doctor.targetRefused': '{where}: the cloud refused a call made with it ({code}).',
  'doctor.targetWrongIdentity': '{where} reaches {found}, not the account and user it was made for.',
  'doctor.targetWorks': '{where} reaches account {uid} as {who} (read by the official client, checked live).',
  'doctor.targetHolds':
    '{where} holds {id}, a delivered Active key of its owner (read by the official client; the simulated cloud takes no key in-process).',
  'doctor.cliRegion': "{where} uses region {region}, not the setup's {wanted}.",
  'doctor.fileLoose': '{path} is readable by others (mode {mode}).',
  'doctor.fileOk': '{path} is private (0600 or stricter).',
  'doctor.folderLoose': 'The folder {path} is open to others (mode {mode}).',
  'doctor.gitExposed':
    '{path} is inside the git work tree {root} and not ignored: a commit could publish the secret.',
  'doctor.gitUnknown': '{path} is inside the git work tree {root}; git could not say whether it is ignored.',
  'doctor.policyOk': 'The RAM user {name} has {policy}.',
  'doctor.policyMissing': 'The RAM user {name} lacks {policy}.',
  'doctor.bucketGone': 'The bucket {bucket} no longer exists.',
  'doctor.bucketOk': 'The bucket {bucket} is in place ({region}).',
  'doctor.bucketReadable':
    'The RAM user {user} can read the bucket {bucket} (OSS GetBucketInfo with its key).',
  'doctor.bucketPolicyOk': 'The RAM user {user} has a policy that lets it read the bucket {bucket}.',
  'doctor.bucketDenied': 'The RAM user {user} cannot read the bucket {bucket} ({code}).',
  'doctor.bucketUnchecked':
    "The RAM user {user}'s access to {bucket} was not checked: no saved copy of its key could be read.",
  'doctor.stepUndone': '{step} is no longer done: {summary}',
} as const;
