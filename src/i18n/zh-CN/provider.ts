/** 提供方（`src/provider/`）的消息：环境变量、模拟云文件，以及每个错误码的说明。错误码保持英文。 */
import type { provider as en } from '../en/provider.js';

export const provider: Record<keyof typeof en, string> = {
  'provider.env.kind': '{env}：“{value}”不是可用的提供方（可用：{known}）。',
  'provider.profileOther':
    '配置 {profile} 使用的是 {own} 提供方，而 {where} 指定了 {given}。一个配置只对应一个云。',
  'provider.profileOtherHint':
    '要使用 {given} 云，请换一个配置：{profile}；或先清除此配置的本地进度：{reset}',
  'provider.needsAliyun': '{option} 用于真实的阿里云：请加上 --provider aliyun（模拟云使用密码登录）。',
  'provider.env.latency': '{env}：“{value}”无效；请使用 0 到 {max} 之间的整数毫秒数。',
  'provider.env.reviewSeconds': '{env}：“{value}”无效；请使用大于或等于 0 的秒数（例如 0、2.5 或 10）。',
  'provider.env.faultFormat':
    '{env}：“{entry}”无效；请使用以逗号分隔的 operation:fault[:times] 条目，例如 createAccessKey:lost-response:1,putBucket:throttle:2。',
  'provider.env.faultOperation': '{env}：未知操作“{operation}”（可用：{known}）。',
  'provider.env.faultKind': '{env}：未知故障“{fault}”（可用：{known}）。',
  'provider.env.faultTimes': '{env}：“{entry}”中的次数“{times}”无效；请使用大于或等于 1 的整数。',

  'provider.cloudCorrupt': '模拟云文件 {file} 已损坏，未作任何改动：{reason}',
  'provider.cloudCorruptFix':
    '运行 `{onboard} sim reset` 将模拟云恢复到初始状态（其中所有模拟账号、AccessKey 和存储空间都会丢失），或从备份恢复 {file}。',

  'providerError.InvalidParameter': '提供方拒绝了“{parameter}”的值。请更正后重新运行。',
  'providerError.AccountAlreadyExists':
    '该邮箱地址已注册账号。如需使用该账号，请加上 --sign-in（或设置 ONBOARD_SIGN_IN=1）重新运行。',
  'providerError.InvalidVerificationCode':
    '验证码错误、已使用或已过期（验证码 15 分钟内有效，且仅最新的一个有效）。运行 `{onboard} sim inbox` 查看发送给您的验证码。',
  'providerError.AccountNotFound':
    '没有使用该邮箱地址的账号。请检查地址，或注册新账号（不加 --sign-in 运行）。',
  'providerError.InvalidPassword': '密码错误。再错 {remainingAttempts} 次，登录将被锁定 15 分钟。',
  'providerError.AccountLocked': '连续五次密码错误，该地址的登录已被锁定。请在 {lockedUntil} 之后重试。',
  'providerError.InvalidSession':
    '保存的会话已过期或失效。请重新运行并输入密码（或设置 ONBOARD_PASSWORD / 使用 --password-stdin）以重新登录。',
  'providerError.IdentityUnderReview':
    '实名认证仍在审核中，目前无法更改。请稍后重新运行，或运行 `{onboard} sim approve` 立即完成模拟审核。',
  'providerError.IdentityTypeChangeNotAllowed':
    '该账号已进行企业认证，无法改回个人认证。请改为提交企业信息。',
  'providerError.RealNameAuthenticationError':
    '该账号尚未通过实名认证。请先完成实名认证步骤（`{onboard} run --step identity`）。',
  'providerError.LimitExceeded.User.AccessKey':
    '其 AccessKey 数量已达到阿里云允许的上限（启用和禁用的合计）。用 `{onboard} keys list` 查看，用 `{onboard} keys disable <id>` 禁用不再使用的 AccessKey，再用 `{onboard} keys delete <id>` 删除，然后重新运行。',
  'providerError.EntityNotExist.User.AccessKey':
    '该账号下不存在此 ID 的 AccessKey。运行 `{onboard} keys list` 查看 ID。',
  'providerError.DeleteConflict.AccessKey.Active':
    '启用状态（Active）的 AccessKey 不能删除。请先用 `{onboard} keys disable <id>` 禁用，然后再删除。',
  'providerError.InvalidBucketName':
    '存储空间名称无效：须为 3–63 个小写字母、数字或短横线，并以字母或数字开头和结尾。请用 --bucket 换一个名称。',
  'providerError.InvalidLocationConstraint': 'OSS 不支持该地域。请用 --region 选择受支持的地域。',
  'providerError.BucketAlreadyExists':
    '存储空间名称在所有阿里云账号之间全局唯一，此名称已被占用（或您以其他设置拥有它）。请用 --bucket 换一个名称。',
  'providerError.TooManyBuckets':
    '该账号在此地域已有 100 个存储空间，达到上限。请用 --bucket 使用其中一个，或用 --region 选择其他地域。',
  'providerError.AccessDenied': '该存储空间属于其他账号，无法使用。请用 --bucket 换一个名称。',
  'providerError.QUOTA.APPLICATION.NOT.FOUND':
    '配额中心在该账号下没有此申请（或模拟云已被重置）。运行 `{onboard} run --step highend` 重新申请。',
  'providerError.QUOTA.NOT.FOUND': '配额中心没有这些维度对应的配额：请检查申请的地域和可用区（--zone）。',
  'providerError.QUOTA.DIMENSION.REQUIRED':
    '配额中心需要申请未提供的维度（地域、可用区、付费类型或网络类型）。',
  'providerError.InvalidStatus': '配额中心不认识此申请状态。',
  'providerError.QuotaDimensionUnsupported':
    '配额中心要求此申请提供一个 onboard 无法填写的维度。请在配额中心控制台提交申请。',
  'providerError.Throttling.User': '提供方正在限制请求频率。已逐步延长间隔重试；请稍等片刻后重新运行。',
  'providerError.ServiceUnavailable': '提供方暂时不可用，未作任何更改。请稍等片刻后重新运行。',
  'providerError.RequestTimeout':
    '未收到提供方的响应，无法确定请求是否已生效。请重新运行：向导会检查已存在的资源，不会重复已完成的操作。',
  'providerError.EntityAlreadyExists.User':
    '该账号下已有同名 RAM 用户（并非本配置创建）。请用 --ram-user 换一个名称。',
  'providerError.EntityNotExist.User': '该账号下没有此名称的 RAM 用户。',
  'providerError.EntityNotExist.Policy':
    '不存在此名称的系统策略。请检查 --ram-policy 指定的名称（例如 AliyunOSSFullAccess）。',
  'providerError.EntityAlreadyExists.User.Policy': '该策略已授权给此 RAM 用户。',
  'providerError.EntityAlreadyExists.User.LoginProfile': '该 RAM 用户已可登录控制台。',
  'providerError.EntityNotExist.User.LoginProfile': '该 RAM 用户尚不能登录控制台。',
  'providerError.InvalidParameter.UserName.InvalidChars': 'RAM 用户名只能包含字母、数字、“.”、“_”和“-”。',
  'providerError.InvalidParameter.UserName.Length': 'RAM 用户名长度为 1 到 64 个字符。',
  'providerError.InvalidParameter.PolicyName.InvalidChars': '策略名称只能包含字母、数字和“-”。',
  'providerError.InvalidParameter.PolicyName.Length': '策略名称长度为 1 到 128 个字符。',
  'providerError.InvalidParameter.Password.TooWeak':
    '控制台密码须为 8 到 32 个字符，并包含大写字母、小写字母、数字、符号中的三种。',
  'providerError.EntityAlreadyExists.Role':
    '该账号已有同名角色。运行 `{onboard} run --step roles` 会检查它并说明哪里不同。',
  'providerError.EntityNotExist.Role': '该账号没有此名称的角色。',
  'providerError.EntityAlreadyExists.Role.Policy': '该策略已授权给此角色。',
  'providerError.InvalidParameter.RoleName.InvalidChars': '角色名称只能包含字母、数字、“.”和“-”。',
  'providerError.InvalidParameter.RoleName.Length': '角色名称长度为 1 到 64 个字符。',
  'providerError.InvalidParameter.AssumeRolePolicyDocument.Length': '角色的信任策略最多 2048 个字符。',
  'providerError.InvalidParameter.NewAssumeRolePolicyDocument.Length': '角色的信任策略最多 2048 个字符。',
  'providerError.MalformedPolicyDocument': '该策略文档不是 RAM 接受的格式（须为含 Statement 的 JSON 对象）。',
  'providerError.MaxCompute.RegionNotSupported':
    '该地域未提供 MaxCompute；请用 --maxcompute-region 选择其他地域。',
  'providerError.NoPermission':
    '当前使用的凭证缺少所需权限。请为该 RAM 用户授权提示中的策略（或使用具备该权限的 AccessKey）。',
  // 真实提供方（src/provider/aliyun/）：其自有错误码、透传的云端错误码与凭证。
  'providerError.EndpointUnreachable':
    '无法连接到 {endpoint} 上的云服务：请求未发出，因此没有任何更改，AccessKey 也尚未被验证。请检查网络、代理，以及 --endpoint（或 ONBOARD_ENDPOINT）给出的地址（如有），然后重新运行。',
  'providerError.InvalidResponse':
    '端点 {endpoint} 的应答不是阿里云的 API 格式。请检查 --endpoint（或 ONBOARD_ENDPOINT）给出的地址。',
  'providerError.InvalidAccessKeyId.NotFound':
    '阿里云不认识此 AccessKey ID：它已被删除、输入有误，或属于另一个站点（--site）。运行 `{onboard} status` 可查看凭证的来源。',
  'providerError.InvalidAccessKeyId.Inactive':
    '此 AccessKey 已被禁用。请在控制台中启用它（或使用其他 AccessKey），然后重新运行。',
  'providerError.InvalidAccessKeyId':
    'OSS 不认识此 AccessKey ID，或该 AccessKey 已被禁用。请检查 onboard 使用的凭证（`{onboard} status` 会显示其来源）。',
  'providerError.SignatureDoesNotMatch':
    'AccessKey Secret 与其 ID 不匹配。请检查随凭证提供的 Secret（onboard 从不保存它）。',
  'providerError.Forbidden.RAM':
    '当前使用的凭证缺少所需权限。请为该 RAM 用户授权相应策略（或使用具备该权限的 AccessKey）。',
  'providerError.RAM.PERMISSION.DENIED':
    '配额中心拒绝了当前凭证：该 RAM 用户缺少配额中心的权限（AliyunQuotasFullAccess），或所发送的值无效。请为其授权（或使用具备该权限的 AccessKey），然后重新运行。',
  'provider.credential.incomplete':
    '{source}：设置了 {given}，但未设置 {missing}。请两者都设置，或都不设置。',
  'provider.credential.unsupported':
    '{source} 中的凭证类型为“{mode}”，onboard 暂不支持。请在该处使用 AccessKey（aliyun CLI 的 AK 或 StsToken 模式，凭证文件的 access_key 类型），或使用 --access-key-id。',
  'provider.credential.unreadable': '凭证文件 {file}（{source}）无法使用：{reason}。',
  'provider.credential.failed': '未能从 {source} 获得凭证：{reason}',
  'providerText.identityMismatch': '所提交的信息与证件不符。',
  'providerText.quotaTooLarge': '申请的配额超出新账号可获批准的上限。',
  'providerText.quotaRejected': '申请经审核未获批准。',
  'providerText.verificationSubject': '您的阿里云验证码',
};
