/**
 * Messages of the validators (`src/validate/`). Each describes the broken rule
 * in a short phrase that reads well after a field name, e.g.
 * `--bucket: must be 3–63 characters (got 2)`. Also the regions' display names.
 */
export const validation = {
  'validation.notUtf8':
    'holds U+FFFD or half a surrogate pair: bytes that were not UTF-8 (check the encoding of the terminal, the variable or the file)',
  'validation.empty': 'must not be empty',
  'validation.type': 'must be a {type}',
  'validation.enum': 'must be one of: {values}',
  'validation.integer': 'must be a whole number',
  'validation.endpoint': 'must be [http://|https://]host:port, e.g. 127.0.0.1:8080',
  'validation.boolean': 'must be 1, true or yes, or 0, false or no',

  'validation.text.control': 'must not contain control characters or line breaks',
  'validation.text.tooShort': 'must be at least {min} characters (got {length})',
  'validation.text.tooLong': 'must be at most {max} characters (got {length})',

  'validation.email.format': 'must be an email address like name@example.com',
  'validation.accessKeyId.format':
    'must be an AccessKey ID as the console shows it (letters and digits, like LTAI5t…)',
  'validation.accessKeySecret.format':
    'must be an AccessKey secret as the console showed it (16 to 128 letters and digits)',
  'validation.email.domain': 'must end in a valid domain after the @, like example.com',
  'validation.email.tooLong': 'must be at most {max} characters (got {length})',

  'validation.password.characters':
    'may contain only letters, digits and symbols (no spaces, control or non-ASCII characters)',
  'validation.password.tooShort': 'must be at least {min} characters (got {length})',
  'validation.password.tooLong': 'must be at most {max} characters (got {length})',
  'validation.password.kinds':
    'must mix at least {min} of: upper-case letters, lower-case letters, digits, symbols (got {kinds})',

  'validation.verificationCode.format': 'must be the 6-digit code from the verification email',

  'validation.profile.format':
    'may contain only lower-case letters, digits, _ and -, and must start with a letter or digit',
  'validation.profile.tooLong': 'must be at most {max} characters (got {length})',

  'validation.country.format': 'must be a two-letter ISO 3166-1 country code, like CN or US',
  'validation.country.unknown': '{value} is not an assigned ISO 3166-1 country code',
  'validation.country.case': 'must be in upper case: {suggestion}',

  'validation.residentId.length': 'must be 18 characters (got {length})',
  'validation.residentId.format': 'must be 17 digits followed by a digit or X',
  'validation.residentId.lowerX': 'must end with an upper-case X, not x',
  'validation.residentId.area': 'must start with a 6-digit area code that does not begin with 0',
  'validation.residentId.birthDate':
    'must contain a real birth date (characters 7–14, YYYYMMDD, from 1900 to today)',
  'validation.residentId.checkChar': 'does not match its check character (the last one); check for typos',

  'validation.passport.length': 'must be {min}–{max} characters (got {length})',
  'validation.passport.characters': 'may contain only letters A–Z and digits',

  'validation.creditCode.length': 'must be 18 characters (got {length})',
  'validation.creditCode.characters':
    'may contain only digits and upper-case letters other than I, O, S, V and Z',
  'validation.creditCode.checkChar': 'does not match its check character (the last one); check for typos',

  'validation.bucket.length': 'must be {min}–{max} characters (got {length})',
  'validation.bucket.characters': 'may contain only lower-case letters, digits and hyphens (found {char})',
  'validation.bucket.edge': 'must start and end with a lower-case letter or digit',

  'validation.region.unknown': '{value} is not a supported region; choose one of: {regions}',
  'validation.region.didYouMean': '{value} is not a supported region; did you mean {suggestion}?',
  'validation.region.noEmr': '{value} does not offer E-MapReduce; choose another region, e.g. {suggestion}',

  'validation.cidr.format': 'must be a CIDR block like 192.168.0.0/16 or 2001:db8::/32 (got {value})',
  'validation.cidr.missingPrefix': 'must include a prefix length, e.g. {suggestion} for this address alone',
  'validation.cidr.address': 'must start with a valid IPv4 or IPv6 address (got {value})',
  'validation.cidr.prefix': 'must end with a prefix length from /0 to /{max} (got /{value})',
  'validation.cidr.hostBits': '{value} has host bits set; did you mean {network}?',
  'validation.cidrList.tooMany': 'may list at most {max} CIDR blocks (got {count})',
  'validation.cidrList.duplicate': 'lists {value} more than once',

  'validation.instanceType.unknown': '{value} is not a known ECS instance type; for example {example}',
  'validation.instanceType.didYouMean':
    '{value} is not a known ECS instance type; did you mean {suggestion}?',
  'validation.zone.format':
    '{value} is not a zone id; zones are named after their region, e.g. cn-hangzhou-i or ap-southeast-1a',
  'validation.zone.otherRegion': '{value} is not a zone of {region}; choose one of its zones',
  'validation.zone.notListed':
    '{value} is not a zone Quota Center lists for {region}; choose one of: {zones}',
  'validation.instanceType.tooSmall':
    '{value} has {vcpu} vCPUs and needs no request; choose one with at least {min}, e.g. {example}',

  'validation.vcpuQuota.integer': 'must be a whole number (got {value})',
  'validation.vcpuQuota.range': 'must be from {min} to {max} (got {value})',

  'validation.ramUser.length': 'must be at most {max} characters (got {length})',
  'validation.ramUser.characters': 'may only hold letters, digits, ".", "_" and "-" (found {char})',
  'validation.policy.length': 'must be at most {max} characters (got {length})',
  'validation.policy.characters': 'may only hold letters, digits and "-" (found {char})',
  'validation.policyList.tooMany': 'may list at most {max} policies (got {count})',
  'validation.policyList.duplicate': 'lists {value} more than once',
  'validation.region.noMaxCompute':
    '{value} does not offer MaxCompute; choose another region, e.g. {suggestion}',
  'region.cn-hangzhou': 'China (Hangzhou)',
  'region.cn-shanghai': 'China (Shanghai)',
  'region.cn-qingdao': 'China (Qingdao)',
  'region.cn-beijing': 'China (Beijing)',
  'region.cn-zhangjiakou': 'China (Zhangjiakou)',
  'region.cn-huhehaote': 'China (Hohhot)',
  'region.cn-wulanchabu': 'China (Ulanqab)',
  'region.cn-shenzhen': 'China (Shenzhen)',
  'region.cn-heyuan': 'China (Heyuan)',
  'region.cn-guangzhou': 'China (Guangzhou)',
  'region.cn-chengdu': 'China (Chengdu)',
  'region.cn-hongkong': 'China (Hong Kong)',
  'region.us-west-1': 'US (Silicon Valley)',
  'region.us-east-1': 'US (Virginia)',
  'region.ap-northeast-1': 'Japan (Tokyo)',
  'region.ap-southeast-1': 'Singapore',
  'region.ap-southeast-3': 'Malaysia (Kuala Lumpur)',
  'region.ap-southeast-5': 'Indonesia (Jakarta)',
  'region.eu-central-1': 'Germany (Frankfurt)',
  'region.eu-west-1': 'UK (London)',
  'region.me-east-1': 'UAE (Dubai)',
  'validation.text.invisible':
    'must not contain invisible or text-direction characters (such as U+200B or U+202E); found {char}',
} as const;
