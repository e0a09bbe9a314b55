/**
 * Messages of the provider (`src/provider/`): its environment variables, the
 * simulated cloud's file, and a human explanation of every provider error
 * code (`providerError.<Code>`) shown beside the provider's own message.
 * Placeholders of `providerError.*` are filled from the error's `data`.
 */
export const provider = {
  'provider.env.kind': '{env}: "{value}" is not an available provider (available: {known}).',
  'provider.profileOther':
    'Profile {profile} is set up with the {own} provider; {where} says {given}. A profile keeps one cloud.',
  'provider.profileOtherHint':
    "For the {given} cloud, use another profile: {profile}; or forget this profile's progress first: {reset}",
  'provider.needsAliyun':
    '{option} is for the real Alibaba Cloud: add --provider aliyun (the simulated cloud signs in with a password).',
  'provider.env.latency':
    '{env}: "{value}" is not valid; use a whole number of milliseconds from 0 to {max}.',
  'provider.env.reviewSeconds':
    '{env}: "{value}" is not valid; use a number of seconds, 0 or more (for example 0, 2.5 or 10).',
  'provider.env.faultFormat':
    '{env}: "{entry}" is not valid; use comma-separated operation:fault[:times] entries, for example createAccessKey:lost-response:1,putBucket:throttle:2.',
  'provider.env.faultOperation': '{env}: unknown operation "{operation}" (known: {known}).',
  'provider.env.faultKind': '{env}: unknown fault "{fault}" (known: {known}).',
  'provider.env.faultTimes':
    '{env}: times "{times}" in "{entry}" is not valid; use a whole number of 1 or more.',

  'provider.cloudCorrupt': 'The simulated cloud file {file} is corrupt and was left as it is: {reason}',
  'provider.cloudCorruptFix':
    'Run `{onboard} sim reset` to put the simulated cloud back to its seeded state (every simulated account, key and bucket in it is lost), or restore {file} from a copy.',

  'providerError.InvalidParameter':
    'The provider refused the value of "{parameter}". Correct it and run again.',
  'providerError.AccountAlreadyExists':
    'An account with this email address already exists. To use it, run again with --sign-in (or ONBOARD_SIGN_IN=1).',
  'providerError.InvalidVerificationCode':
    'The verification code is wrong, was already used, or has expired (codes are valid for 15 minutes, and only the newest one counts). Run `{onboard} sim inbox` to see the codes mailed to you.',
  'providerError.AccountNotFound':
    'No account has this email address. Check the address, or register a new account (run without --sign-in).',
  'providerError.InvalidPassword':
    'The password is incorrect. {remainingAttempts} attempts are left before sign-in is locked for 15 minutes.',
  'providerError.AccountLocked':
    'Sign-in for this address is locked after five wrong passwords in a row. Try again after {lockedUntil}.',
  'providerError.InvalidSession':
    'The saved session has expired or is no longer valid. Run again and enter the password (or set ONBOARD_PASSWORD / use --password-stdin) to sign in again.',
  'providerError.IdentityUnderReview':
    'The real-name verification is still being reviewed and cannot be changed now. Run again later, or `{onboard} sim approve` to finish the simulated review.',
  'providerError.IdentityTypeChangeNotAllowed':
    'This account has an enterprise verification, which cannot be changed back to individual. Submit enterprise information instead.',
  'providerError.RealNameAuthenticationError':
    'The account has not passed real-name verification yet. Finish the identity step first (`{onboard} run --step identity`).',
  'providerError.LimitExceeded.User.AccessKey':
    'The owner already has as many AccessKeys as Alibaba Cloud allows it (Active and Inactive together). See them with `{onboard} keys list`, disable one you no longer use with `{onboard} keys disable <id>`, delete it with `{onboard} keys delete <id>`, then run again.',
  'providerError.EntityNotExist.User.AccessKey':
    'No AccessKey with this id exists on the account. Run `{onboard} keys list` to see the ids.',
  'providerError.DeleteConflict.AccessKey.Active':
    'An Active AccessKey cannot be deleted. Disable it first with `{onboard} keys disable <id>`, then delete it.',
  'providerError.InvalidBucketName':
    'The bucket name is not valid: 3–63 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit. Choose another with --bucket.',
  'providerError.InvalidLocationConstraint':
    'The region is not one OSS offers. Choose a supported one with --region.',
  'providerError.BucketAlreadyExists':
    'Bucket names are global across all Alibaba Cloud accounts and this one is taken (or you own it with other settings). Choose another name with --bucket.',
  'providerError.TooManyBuckets':
    'The account already has 100 buckets in this region, the most allowed. Use one of them with --bucket, or choose another region with --region.',
  'providerError.AccessDenied':
    'The bucket belongs to another account, so it cannot be used. Choose another name with --bucket.',
  'providerError.QUOTA.APPLICATION.NOT.FOUND':
    'Quota Center has no such application on this account (or the simulated cloud was reset). Run `{onboard} run --step highend` to apply again.',
  'providerError.QUOTA.NOT.FOUND':
    'Quota Center has no quota for these dimensions: check the region and the zone (--zone) of the request.',
  'providerError.QUOTA.DIMENSION.REQUIRED':
    'Quota Center needs a dimension the application did not name (the region, the zone, the billing method or the network type).',
  'providerError.InvalidStatus': 'Quota Center does not know this application status.',
  'providerError.QuotaDimensionUnsupported':
    'Quota Center requires a dimension for this request that onboard does not know how to fill in. File the request in the Quota Center console.',
  'providerError.Throttling.User':
    'The provider is limiting the request rate. The request was retried with increasing pauses; wait a moment and run again.',
  'providerError.ServiceUnavailable':
    'The provider is temporarily unavailable. Nothing was changed; wait a moment and run again.',
  'providerError.RequestTimeout':
    'No answer came back from the provider, so it is not known whether the request took effect. Run again: the wizard checks what exists and does not repeat finished work.',
  'providerError.EntityAlreadyExists.User':
    'The account already has a RAM user of this name (not one this profile created). Choose another name with --ram-user.',
  'providerError.EntityNotExist.User': 'The account has no RAM user of this name.',
  'providerError.EntityNotExist.Policy':
    'There is no system policy of this name. Check the names given with --ram-policy (e.g. AliyunOSSFullAccess).',
  'providerError.EntityAlreadyExists.User.Policy': 'The policy is already attached to the RAM user.',
  'providerError.EntityAlreadyExists.User.LoginProfile': 'The RAM user can already sign in to the console.',
  'providerError.EntityNotExist.User.LoginProfile': 'The RAM user cannot sign in to the console yet.',
  'providerError.InvalidParameter.UserName.InvalidChars':
    'A RAM user name may only hold letters, digits, ".", "_" and "-".',
  'providerError.InvalidParameter.UserName.Length': 'A RAM user name has 1 to 64 characters.',
  'providerError.InvalidParameter.PolicyName.InvalidChars':
    'A policy name may only hold letters, digits and "-".',
  'providerError.InvalidParameter.PolicyName.Length': 'A policy name has 1 to 128 characters.',
  'providerError.InvalidParameter.Password.TooWeak':
    'The console password must have 8 to 32 characters with three of: upper case, lower case, digits, symbols.',
  'providerError.EntityAlreadyExists.Role':
    'The account already has a role of this name. `{onboard} run --step roles` checks it and says what differs.',
  'providerError.EntityNotExist.Role': 'The account has no role of this name.',
  'providerError.EntityAlreadyExists.Role.Policy': 'The policy is already attached to the role.',
  'providerError.InvalidParameter.RoleName.InvalidChars':
    'A role name may only hold letters, digits, "." and "-".',
  'providerError.InvalidParameter.RoleName.Length': 'A role name has 1 to 64 characters.',
  'providerError.InvalidParameter.AssumeRolePolicyDocument.Length':
    "A role's trust policy has at most 2048 characters.",
  'providerError.InvalidParameter.NewAssumeRolePolicyDocument.Length':
    "A role's trust policy has at most 2048 characters.",
  'providerError.MalformedPolicyDocument':
    'The policy document is not one RAM accepts (a JSON object with a Statement).',
  'providerError.MaxCompute.RegionNotSupported':
    'MaxCompute is not offered in this region; choose another with --maxcompute-region.',
  'providerError.NoPermission':
    'The credential in use lacks a permission this needs. Attach the policy it names to the RAM user (or use a key that has it).',
  // The real provider (src/provider/aliyun/): its own codes, the cloud's codes it passes on, and credentials.
  'providerError.EndpointUnreachable':
    'Nothing reached {endpoint}, so nothing changed, and the AccessKey was not even tried. Check the network, any proxy and the address given with --endpoint (or ONBOARD_ENDPOINT) if any, then run again.',
  'providerError.InvalidResponse':
    'The endpoint {endpoint} did not answer as Alibaba Cloud does. Check the address given with --endpoint (or ONBOARD_ENDPOINT).',
  'providerError.InvalidAccessKeyId.NotFound':
    'Alibaba Cloud does not know this AccessKey ID: it was deleted, mistyped, or belongs to the other site (--site). `{onboard} status` shows where the credential came from.',
  'providerError.InvalidAccessKeyId.Inactive':
    'This AccessKey is disabled. Enable it in the console (or use another key), then run again.',
  'providerError.InvalidAccessKeyId':
    'OSS does not know this AccessKey ID, or the key is disabled. Check the credential onboard uses (`{onboard} status` shows where it came from).',
  'providerError.SignatureDoesNotMatch':
    'The AccessKey secret does not match its ID. Check the secret given with the credential (it is never stored by onboard).',
  'providerError.Forbidden.RAM':
    'The credential in use lacks a permission this needs. Attach the policy to the RAM user (or use a key that has it).',
  'providerError.RAM.PERMISSION.DENIED':
    'Quota Center refused the credential in use: the RAM user lacks a Quota Center permission (AliyunQuotasFullAccess), or a value sent was not valid. Attach the policy (or use a key that has it), then run again.',
  'provider.credential.incomplete': '{source}: {missing} is not set, but {given} is. Set both, or neither.',
  'provider.credential.unsupported':
    'The credential in {source} is of the kind "{mode}", which onboard cannot use yet. Use an AccessKey there (aliyun CLI mode AK or StsToken, credentials file type access_key), or give --access-key-id.',
  'provider.credential.unreadable': 'The credential file {file} ({source}) cannot be used: {reason}.',
  'provider.credential.failed': 'No credential came from {source}: {reason}',
  // A provider's own sentences (see providerText): the English exactly as the provider sends it.
  'providerText.identityMismatch': 'The information does not match the document.',
  'providerText.quotaTooLarge': 'Requested quota exceeds what can be approved for a new account.',
  'providerText.quotaRejected': 'The application was rejected after review.',
  'providerText.verificationSubject': 'Your Alibaba Cloud verification code',
} as const;
