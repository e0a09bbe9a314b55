/** Messages of key delivery: show once, CSV, crash repair, the key limit. */
export const delivery = {
  'delivery.needed':
    'The AccessKey secret is shown only once, so a non-interactive run must say where it goes: {flags}.',
  'delivery.stdoutKeepsNothing':
    '{where}: standard output is /dev/null, so the secret would be lost. Send standard output to a file or a pipe, or use {files}.',
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
  'delivery.csvNotIgnored':
    '{path} is in the git work tree {root} and not ignored there: add *AccessKey*.csv to its .gitignore before a commit takes the secret.',
  'delivery.csvMaybeTracked':
    '{path} is in the git work tree {root} and may be tracked (git was not there to check its .gitignore): keep the secret out of commits.',
  'delivery.csvWritten': 'Saved the AccessKey to {path} (readable only by you).',
  'delivery.secretTitle.root': 'Your new AccessKey for the account itself (root key)',
  'delivery.secretTitle.ram': 'Your new AccessKey for RAM user {name}',
  'delivery.secretFor.root': 'AccessKey for the account itself (root key):',
  'delivery.secretFor.ram': 'AccessKey for RAM user {name}:',
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
  'delivery.limitHint':
    'At most {limit} keys (Active and Inactive together). See them with `{list}`, free one you no longer use, then run again; for {id} ({status}): {command}',
  'delivery.target.unknown':
    '"{value}" is not a target; targets are aliyun-cli[:<name>], credentials[:<name>] and env',
  'delivery.target.envName': '"{value}" is not a target: env takes no name',
  'delivery.target.nameChars': '"{value}" is not a target: names are 1-64 of A-Z a-z 0-9 _ . -',
  'delivery.target.sectionDot':
    '"{value}" is not a target: a section name cannot contain "." (the Node.js SDK reads [a.b] as a nested section)',
  'delivery.target.sectionReserved': '"{value}" is not a target: [{name}] is reserved in INI files',
  'delivery.target.sectionBuiltIn':
    '"{value}" is not a target: the official Node.js SDK\'s INI reader would put a section named [{name}] onto built-in objects of every program that reads the file',
  'delivery.target.sectionBuiltInProfile':
    "{value} would name the section after the profile, [{name}], which the official Node.js SDK's INI reader would put onto built-in objects of every program that reads the file; name the section: credentials:<name>",
  'delivery.targetTwice': '{value} is named twice',
  'delivery.target.profileExists': '{where}: {path} already has a profile named {name}; nothing was created.',
  'delivery.target.overwriteHint':
    'Pick another name (e.g. {example}), or replace it with --overwrite-profile.',
  'delivery.target.unparseable':
    '{where}: {path} cannot be read as its tool reads it ({detail}); it was left untouched.',
  'delivery.target.looseMode':
    '{where}: {path} can be read by other users; make it private first (chmod 600 {path}).',
  'delivery.target.notRegularFile': '{where}: {path} is not a regular file ({detail}).',
  'delivery.target.unwritable': '{where}: {path} cannot be written ({detail}).',
  'delivery.target.ownerNotKept':
    '{where}: {path} belongs to {detail}, and this run cannot keep it theirs (replacing it would hand it to the user running onboard); run onboard as that user.',
  'delivery.target.changedMeanwhile':
    '{where}: another program changed {path} while this run was saving the key there, so the key was not saved; run again.',
  'delivery.target.folderUnusable': '{where}: the folder of {path} cannot be created or written ({detail}).',
  'delivery.envWithJson':
    '{where}: env prints export lines on stdout, which --json keeps for its document; use one or the other.',
  'delivery.envWithShowSecret':
    '{where}: env prints the secret as export lines; --show-secret would print it twice.',
  'delivery.savedCli': 'the aliyun CLI profile {profile} in {path}',
  'delivery.savedCredentials': 'the section [{profile}] of the SDK credentials file {path}',
  'delivery.saved': 'Saved it as {where}.',
  'delivery.credentialsNote':
    'SDKs read this file by default (select the section with ALIBABA_CLOUD_PROFILE); those whose default file differs, like the Python SDK (credentials.ini), find it through ALIBABA_CLOUD_CREDENTIALS_FILE.',
  'delivery.recoveredTarget': 'An interrupted run had already delivered key {id}: {where}',
  'delivery.removedTarget': 'Removed what was written for the key: {where}',
  'delivery.confirmReplace': 'A profile named {name} already exists in {path}. Replace it?',
  'delivery.askInstead': 'Keep {name}; save the key where instead?',
  'delivery.offerNoneThere': 'Nowhere else (the secret is still shown once)',
  'delivery.askTargets': 'Also hand the key to your tools?',
  'delivery.offerCli': 'The aliyun CLI (profile {name})',
  'delivery.offerCliHelp': '~/.aliyun/config.json',
  'delivery.offerCredentials': 'The SDK credentials file (section [{name}])',
  'delivery.offerCredentialsHelp': '~/.alibabacloud/credentials, or ALIBABA_CLOUD_CREDENTIALS_FILE',
  'delivery.offerBoth': 'Both',
  'delivery.offerBothHelp': '~/.aliyun/config.json and the SDK credentials file',
  'delivery.offerNone': 'No',
  'delivery.yourChoice': 'your choice',
  'delivery.csvBadNameShort':
    '{path} cannot be a file name (too long, or a character file names cannot have)',
} as const;
