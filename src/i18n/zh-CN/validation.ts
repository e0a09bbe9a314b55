import type { validation as en } from '../en/validation.js';

/** 校验器的消息（接在字段名之后读，如“--bucket：长度须为 3–63 个字符（当前 2 个）”）及地域名称。 */
export const validation: Record<keyof typeof en, string> = {
  'validation.notUtf8':
    '含有 U+FFFD 或不成对的代理项：即原本不是 UTF-8 的字节（请检查终端、环境变量或文件的编码）',
  'validation.empty': '不能为空',
  'validation.type': '类型须为 {type}',
  'validation.enum': '须为以下之一：{values}',
  'validation.integer': '须为整数',
  'validation.endpoint': '格式应为 [http://|https://]主机:端口，例如 127.0.0.1:8080',
  'validation.boolean': '须为 1、true、yes 或 0、false、no',

  'validation.text.control': '不能包含控制字符或换行',
  'validation.text.tooShort': '至少需要 {min} 个字符（当前 {length} 个）',
  'validation.text.tooLong': '最多 {max} 个字符（当前 {length} 个）',

  'validation.email.format': '须为有效的电子邮箱地址，如 name@example.com',
  'validation.accessKeyId.format': '须为控制台显示的 AccessKey ID（字母和数字，如 LTAI5t…）',
  'validation.accessKeySecret.format': '须为控制台显示的 AccessKey Secret（16 到 128 个字母和数字）',
  'validation.email.domain': '@ 之后须为有效的域名，如 example.com',
  'validation.email.tooLong': '最多 {max} 个字符（当前 {length} 个）',

  'validation.password.characters': '只能包含字母、数字和符号（不能有空格、控制字符或非 ASCII 字符）',
  'validation.password.tooShort': '至少需要 {min} 个字符（当前 {length} 个）',
  'validation.password.tooLong': '最多 {max} 个字符（当前 {length} 个）',
  'validation.password.kinds': '须至少包含大写字母、小写字母、数字、符号中的 {min} 种（当前 {kinds} 种）',

  'validation.verificationCode.format': '须为验证邮件中的 6 位数字验证码',

  'validation.profile.format': '只能包含小写字母、数字、_ 和 -，且须以字母或数字开头',
  'validation.profile.tooLong': '最多 {max} 个字符（当前 {length} 个）',

  'validation.country.format': '须为两个字母的 ISO 3166-1 国家或地区代码，如 CN、US',
  'validation.country.unknown': '{value} 不是已分配的 ISO 3166-1 国家或地区代码',
  'validation.country.case': '须为大写：{suggestion}',

  'validation.residentId.length': '须为 18 位（当前 {length} 位）',
  'validation.residentId.format': '须为 17 位数字加 1 位数字或 X',
  'validation.residentId.lowerX': '末位须为大写 X，而非小写 x',
  'validation.residentId.area': '须以 6 位地址码开头，且首位不能为 0',
  'validation.residentId.birthDate': '须包含真实的出生日期（第 7–14 位，YYYYMMDD，1900 年至今）',
  'validation.residentId.checkChar': '与校验码（最后一位）不符，请检查是否输错',

  'validation.passport.length': '须为 {min}–{max} 个字符（当前 {length} 个）',
  'validation.passport.characters': '只能包含字母 A–Z 和数字',

  'validation.creditCode.length': '须为 18 位（当前 {length} 位）',
  'validation.creditCode.characters': '只能包含数字和大写字母（不含 I、O、S、V、Z）',
  'validation.creditCode.checkChar': '与校验码（最后一位）不符，请检查是否输错',

  'validation.bucket.length': '长度须为 {min}–{max} 个字符（当前 {length} 个）',
  'validation.bucket.characters': '只能包含小写字母、数字和短横线（发现 {char}）',
  'validation.bucket.edge': '须以小写字母或数字开头和结尾',

  'validation.region.unknown': '{value} 不是支持的地域，可选：{regions}',
  'validation.region.didYouMean': '{value} 不是支持的地域，您是否要输入 {suggestion}？',
  'validation.region.noEmr': '{value} 未开通 E-MapReduce，请选择其他地域，如 {suggestion}',

  'validation.cidr.format': '须为 CIDR 地址段，如 192.168.0.0/16 或 2001:db8::/32（当前为 {value}）',
  'validation.cidr.missingPrefix': '须包含前缀长度；若仅指此地址，请写作 {suggestion}',
  'validation.cidr.address': '须以有效的 IPv4 或 IPv6 地址开头（当前为 {value}）',
  'validation.cidr.prefix': '前缀长度须在 /0 到 /{max} 之间（当前为 /{value}）',
  'validation.cidr.hostBits': '{value} 的主机位不为零，您是否要输入 {network}？',
  'validation.cidrList.tooMany': '最多 {max} 个 CIDR 地址段（当前 {count} 个）',
  'validation.cidrList.duplicate': '{value} 重复出现',

  'validation.instanceType.unknown': '{value} 不是已知的 ECS 实例规格，例如可用 {example}',
  'validation.instanceType.didYouMean': '{value} 不是已知的 ECS 实例规格，您是否要输入 {suggestion}？',
  'validation.zone.format':
    '{value} 不是可用区 ID；可用区以所属地域命名，如 cn-hangzhou-i 或 ap-southeast-1a',
  'validation.zone.otherRegion': '{value} 不是 {region} 的可用区；请选择该地域的可用区',
  'validation.zone.notListed': '{value} 不在配额中心为 {region} 列出的可用区中；请选择其一：{zones}',
  'validation.instanceType.tooSmall':
    '{value} 只有 {vcpu} 个 vCPU，无需申请；请选择至少 {min} 个 vCPU 的规格，如 {example}',

  'validation.vcpuQuota.integer': '须为整数（当前为 {value}）',
  'validation.vcpuQuota.range': '须在 {min} 到 {max} 之间（当前为 {value}）',

  'validation.ramUser.length': '最多 {max} 个字符（当前 {length} 个）',
  'validation.ramUser.characters': '只能包含字母、数字、“.”、“_”和“-”（发现 {char}）',
  'validation.policy.length': '最多 {max} 个字符（当前 {length} 个）',
  'validation.policy.characters': '只能包含字母、数字和“-”（发现 {char}）',
  'validation.policyList.tooMany': '最多列出 {max} 个策略（当前 {count} 个）',
  'validation.policyList.duplicate': '重复列出了 {value}',
  'validation.region.noMaxCompute': '{value} 未提供 MaxCompute；请选择其他地域，例如 {suggestion}',
  'region.cn-hangzhou': '华东1（杭州）',
  'region.cn-shanghai': '华东2（上海）',
  'region.cn-qingdao': '华北1（青岛）',
  'region.cn-beijing': '华北2（北京）',
  'region.cn-zhangjiakou': '华北3（张家口）',
  'region.cn-huhehaote': '华北5（呼和浩特）',
  'region.cn-wulanchabu': '华北6（乌兰察布）',
  'region.cn-shenzhen': '华南1（深圳）',
  'region.cn-heyuan': '华南2（河源）',
  'region.cn-guangzhou': '华南3（广州）',
  'region.cn-chengdu': '西南1（成都）',
  'region.cn-hongkong': '中国香港',
  'region.us-west-1': '美国（硅谷）',
  'region.us-east-1': '美国（弗吉尼亚）',
  'region.ap-northeast-1': '日本（东京）',
  'region.ap-southeast-1': '新加坡',
  'region.ap-southeast-3': '马来西亚（吉隆坡）',
  'region.ap-southeast-5': '印度尼西亚（雅加达）',
  'region.eu-central-1': '德国（法兰克福）',
  'region.eu-west-1': '英国（伦敦）',
  'region.me-east-1': '阿联酋（迪拜）',
  'validation.text.invisible': '不能包含不可见字符或改变文字方向的字符（如 U+200B、U+202E）；发现 {char}',
};
